import type { Ctx } from '../platform/http'
import { AppError } from '../platform/errors'
import { readFileForm } from '../platform/multipart'

export const MAX_XLSX_BYTES = 5 * 1024 * 1024

/** multipart `file` (an .xlsx) and `dryRun` ('true' | 'false', default true). Not a zip container → 415. */
export async function readXlsxUpload(c: Ctx): Promise<{ bytes: Uint8Array; dryRun: boolean }> {
  const { bytes, form } = await readFileForm(c, { choose: '请选择要上传的 Excel 文件', maxBytes: MAX_XLSX_BYTES, tooLarge: 'PAYLOAD_TOO_LARGE' })
  // an .xlsx is a zip: anything else (CSV, .xls, a renamed picture) is refused before parsing
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b || bytes[2] !== 0x03 || bytes[3] !== 0x04) throw new AppError('XLSX_INVALID')
  const dry = form.dryRun
  if (dry !== undefined && dry !== 'true' && dry !== 'false') throw new AppError('INVALID_INPUT', { fields: { dryRun: "dryRun 应为 'true' 或 'false'" } }, "dryRun 应为 'true' 或 'false'")
  return { bytes, dryRun: dry !== 'false' }
}
