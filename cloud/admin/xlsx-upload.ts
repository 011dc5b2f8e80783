import type { Ctx } from '../platform/http'
import { AppError } from '../platform/errors'

export const MAX_XLSX_BYTES = 5 * 1024 * 1024

/** multipart `file` (an .xlsx) and `dryRun` ('true' | 'false', default true). Not a zip container → 415. */
export async function readXlsxUpload(c: Ctx): Promise<{ bytes: Uint8Array; dryRun: boolean }> {
  const type = c.req.header('content-type') ?? ''
  if (!/^multipart\/form-data/i.test(type)) throw new AppError('UNSUPPORTED_MEDIA_TYPE', { expected: 'multipart/form-data' })
  let form: Record<string, unknown>
  try {
    form = await c.req.parseBody()
  } catch {
    throw new AppError('INVALID_INPUT', { fields: { file: '上传内容无法读取' } }, '上传内容无法读取')
  }
  const file = form.file
  if (!(file instanceof File)) throw new AppError('INVALID_INPUT', { fields: { file: '请选择要上传的 Excel 文件' } }, '请选择要上传的 Excel 文件')
  if (file.size > MAX_XLSX_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', { maxBytes: MAX_XLSX_BYTES })
  const bytes = new Uint8Array(await file.arrayBuffer())
  // an .xlsx is a zip: anything else (CSV, .xls, a renamed picture) is refused before parsing
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b || bytes[2] !== 0x03 || bytes[3] !== 0x04) throw new AppError('XLSX_INVALID')
  const dry = form.dryRun
  if (dry !== undefined && dry !== 'true' && dry !== 'false') throw new AppError('INVALID_INPUT', { fields: { dryRun: "dryRun 应为 'true' 或 'false'" } }, "dryRun 应为 'true' 或 'false'")
  return { bytes, dryRun: dry !== 'false' }
}
