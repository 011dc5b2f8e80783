import type { Ctx } from './http'
import { AppError } from './errors'
import type { TErrorCode } from '../../types/errors'

/**
 * A multipart form with one `file`: 415 for anything but multipart, 400 for a broken body or no
 * file (with the page's own words for what to choose), the route's own code when it is too large.
 * One reader for photos, xlsx imports and boundaries, so they all fail the same way.
 */
export async function readFileForm(c: Ctx, opts: { choose: string; maxBytes: number; tooLarge: TErrorCode }): Promise<{ bytes: Uint8Array; form: Record<string, unknown> }> {
  const type = c.req.header('content-type') ?? ''
  if (!/^multipart\/form-data\b/i.test(type)) throw new AppError('UNSUPPORTED_MEDIA_TYPE', { expected: 'multipart/form-data' })
  let form: Record<string, unknown>
  try {
    form = await c.req.parseBody()
  } catch {
    throw new AppError('INVALID_INPUT', { fields: { file: '上传内容不完整，请重试' } }, '上传内容不完整，请重试')
  }
  const file = form.file
  if (!(file instanceof File)) throw new AppError('INVALID_INPUT', { fields: { file: opts.choose } }, opts.choose)
  if (file.size > opts.maxBytes) throw new AppError(opts.tooLarge, { maxBytes: opts.maxBytes })
  return { bytes: new Uint8Array(await file.arrayBuffer()), form }
}
