import Taro from '@tarojs/taro'
import { ApiError, networkError, toApiError } from './errors'
import { authHeader, onSessionError } from './client'
import { getToken } from './session'
import { cloudTransport, viaCloud } from './transport'

/** Absolute URL of a path under the API origin (H5: same origin; weapp: API_BASE). */
export function apiUrl(path: string): string {
  return `${API_BASE}${path}`
}

/** Opens a downloaded workbook in WeChat's document viewer (from where staff forward or print it). */
export const openXlsx = (filePath: string): Promise<unknown> => Taro.openDocument({ filePath, fileType: 'xlsx', showMenu: true })

/**
 * Downloads a file from the API (`path` starts with /api/v1): on H5 through fetch and a download
 * link (the Authorization header cannot ride on a plain link), in the mini-program through
 * downloadFile and then `open` (by default the xlsx viewer). `failText` is what the user reads when
 * the server refuses the mini-program download.
 */
export async function downloadFromApi(
  path: string,
  fileName: string,
  { open = openXlsx, auth = true, failText = '下载失败，请稍后再试' }: { open?: (tempFilePath: string) => Promise<unknown>; auth?: boolean; failText?: string } = {},
): Promise<void> {
  const url = apiUrl(path)
  const token = auth ? getToken() : ''
  const header = authHeader(token)
  // a refusal is the server's Chinese message; an ended session goes to login like any call
  const refused = (status: number, body: unknown) => {
    const error = toApiError(status, body)
    onSessionError(error, token)
    return error
  }
  if (process.env.TARO_ENV === 'h5') {
    let res: Response
    try {
      res = await fetch(url, { headers: header })
    } catch {
      throw networkError()
    }
    if (!res.ok) throw refused(res.status, await res.json().catch(() => null))
    saveBlob(await res.blob(), fileName)
    return
  }
  if (viaCloud()) {
    // cloud mode has no API origin: the cloud function puts the file in cloud storage and answers
    // with a temporary link, which is downloaded like any other
    const res = await cloudTransport({ method: 'GET', path: path.replace(/^\/api\/v1/, ''), headers: header })
    const link = (res.body as { tempFileURL?: string } | null)?.tempFileURL
    if (res.statusCode !== 200) throw refused(res.statusCode, res.body)
    if (!link) throw new ApiError(0, 'DOWNLOAD_FAILED', failText)
    const got = await Taro.downloadFile({ url: link })
    if (got.statusCode !== 200) throw new ApiError(got.statusCode, 'DOWNLOAD_FAILED', failText)
    await open(got.tempFilePath)
    return
  }
  const r = await Taro.downloadFile({ url, header })
  if (r.statusCode !== 200) {
    // downloadFile keeps no error body: the user reads failText (and a 401 still ends the session)
    const error = new ApiError(r.statusCode, 'DOWNLOAD_FAILED', failText)
    onSessionError(error, token)
    throw error
  }
  await open(r.tempFilePath)
}

/** H5: hands a fetched file to the browser as a download (a plain link cannot carry the session). */
export function saveBlob(blob: Blob, fileName: string): void {
  const link = document.createElement('a')
  link.href = URL.createObjectURL(blob)
  link.download = fileName
  document.body.appendChild(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(link.href), 60_000)
}
