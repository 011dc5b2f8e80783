import type { AppDeps } from '../platform/context'
import type { TUploadResponse } from '../../types/reports'
import type { Actor } from '../org'
import { photoKey, processPhoto } from '../platform/storage'
import { photoQueue } from '../platform/photo-limits'
import { findUpload, insertUpload } from './repository/uploads'

/**
 * One photo: decoded, re-encoded without metadata, stored by the sha-256 of what was sent, so a
 * retry after a dropped connection returns the same key and stores nothing twice.
 */
export async function uploadPhoto(deps: AppDeps, actor: Actor, bytes: Buffer): Promise<TUploadResponse> {
  const { storage } = deps
  const db = deps.db.kysely
  const { key } = photoKey(bytes)
  const existing = await findUpload(db, key)
  if (existing && (await storage.has(key))) {
    return { key, url: storage.url(key), thumbnailUrl: storage.url(existing.thumb_key), width: existing.width, height: existing.height }
  }
  // at most PHOTO_WORKERS decodes at once per instance; refusals throw here, before anything is stored
  const photo = await photoQueue.run(() => processPhoto(bytes))
  await storage.put(photo.thumbKey, photo.thumb)
  await storage.put(photo.key, photo.main)
  await insertUpload(db, { key: photo.key, thumbKey: photo.thumbKey, width: photo.width, height: photo.height, bytes: photo.main.length, uploadedBy: actor.userId, now: deps.clock.now() })
  return { key: photo.key, url: storage.url(photo.key), thumbnailUrl: storage.url(photo.thumbKey), width: photo.width, height: photo.height }
}
