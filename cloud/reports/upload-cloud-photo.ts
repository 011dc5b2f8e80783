import type { AppDeps } from '../platform/context'
import type { TCloudUploadRequest, TUploadResponse } from '../../types/reports'
import type { Actor } from '../org'
import { AppError } from '../platform/errors'
import type { WechatStorage } from '../platform/storage-wechat'
import { uploadPhoto } from './upload-photo'

/**
 * Cloud mode (WeChat cloud function): the mini-program has put the photo in cloud storage under
 * tmp/uploads/ and sends its fileID. The bytes go through the same pipeline as an HTTP upload
 * (re-encoded, EXIF/GPS dropped, thumbnail, content-addressed key); the temporary original is
 * deleted whether or not the photo is accepted.
 */
export async function uploadCloudPhoto(deps: AppDeps, actor: Actor, input: TCloudUploadRequest): Promise<TUploadResponse> {
  const storage = deps.storage as Partial<WechatStorage>
  if (!storage.takeTemporaryUpload) throw new AppError('ROUTE_NOT_FOUND')
  const bytes = await storage.takeTemporaryUpload.call(deps.storage, input.fileID)
  return uploadPhoto(deps, actor, bytes)
}
