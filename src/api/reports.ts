import Taro from '@tarojs/taro'
import type {
  TBulkReportsRequest,
  TBulkReportsResponse,
  TCategoryCode,
  TQueueResponse,
  TReportDetail,
  TReporterPhoneResponse,
  TReportPage,
  TReportStatus,
  TSubmitReportRequest,
  TUploadResponse,
} from '../../types/reports'
import type { TLocateResponse } from '../../types/org'
import { networkError, toApiError } from './errors'
import { authHeader, onSessionError, request } from './client'
import { getToken } from './session'
import { downloadFromApi } from './download'
import { viaCloud } from './transport'

export interface TCategoryInfo {
  code: TCategoryCode
  name: string
  icon: string
  limitMinutes: number
}
export interface THandoverOptions {
  gridWorkers: { id: string; name: string; unitName: string }[]
  departments: { id: string; name: string }[]
}

/**
 * In the browser: decode the chosen photo (Safari decodes an iPhone's HEIC, which the server refuses)
 * and send a JPEG of at most 2048 px drawn on a canvas. A photo the browser cannot decode goes as
 * chosen; the server then says plainly what it accepts.
 */
async function toJpegInBrowser(src: string): Promise<string> {
  const img = new Image()
  img.src = src
  await img.decode()
  const scale = Math.min(1, 2048 / Math.max(img.naturalWidth, img.naturalHeight))
  const canvas = document.createElement('canvas')
  canvas.width = Math.max(1, Math.round(img.naturalWidth * scale))
  canvas.height = Math.max(1, Math.round(img.naturalHeight * scale))
  const context = canvas.getContext('2d')
  if (!context) throw new Error('no canvas')
  context.drawImage(img, 0, 0, canvas.width, canvas.height)
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.85))
  if (!blob) throw new Error('no jpeg')
  return URL.createObjectURL(blob)
}

/** On the device: shrink to a JPEG before sending (weapp compressImage; H5 a canvas). */
export async function compressForUpload(filePath: string): Promise<string> {
  if (process.env.TARO_ENV === 'h5') {
    try {
      return await toJpegInBrowser(filePath)
    } catch {
      return filePath
    }
  }
  if (process.env.TARO_ENV !== 'weapp') return filePath
  try {
    const r = await Taro.compressImage({ src: filePath, quality: 80, compressedWidth: 2048 } as Taro.compressImage.Option)
    return r.tempFilePath || filePath
  } catch {
    return filePath
  }
}

/**
 * Cloud mode (LINLI_CLOUD_ENV): the photo goes to cloud storage with wx.cloud.uploadFile under
 * tmp/uploads/, then POST /uploads/cloud {fileID}: the server re-encodes it (EXIF/GPS dropped),
 * keeps it under its content key and deletes the temporary original.
 */
function uploadPhotoToCloud(filePath: string, onProgress?: (percent: number) => void): Promise<TUploadResponse> {
  return new Promise((resolve, reject) => {
    const name = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}.jpg`
    const task = wx!.cloud!.uploadFile({
      cloudPath: `tmp/uploads/${name}`,
      filePath,
      success: (r) => {
        onProgress?.(100)
        request<TUploadResponse>('POST', '/uploads/cloud', { body: { fileID: r.fileID } }).then(resolve, reject)
      },
      fail: () => reject(networkError('照片上传失败，请检查网络后重试')),
    })
    try {
      if (onProgress && task?.onProgressUpdate) task.onProgressUpdate((r) => onProgress(Math.min(99, r.progress)))
    } catch {
      // progress is a nicety
    }
  })
}

/** POST /api/v1/uploads (multipart field `file`), reporting progress 0–100; cloud storage in cloud mode. */
export function uploadPhoto(filePath: string, onProgress?: (percent: number) => void): Promise<TUploadResponse> {
  if (viaCloud()) return uploadPhotoToCloud(filePath, onProgress)
  return new Promise((resolve, reject) => {
    const token = getToken()
    const task = Taro.uploadFile({
      url: `${API_BASE}/api/v1/uploads`,
      filePath,
      name: 'file',
      header: authHeader(token),
      success: (res) => {
        let body: unknown = res.data
        if (typeof body === 'string' && body) {
          try {
            body = JSON.parse(body)
          } catch {
            // keep text
          }
        }
        if (res.statusCode >= 200 && res.statusCode < 300) resolve(body as TUploadResponse)
        else {
          const error = toApiError(res.statusCode, body)
          onSessionError(error, token)
          reject(error)
        }
      },
      fail: () => reject(networkError('照片上传失败，请检查网络后重试')),
    }) as unknown as { onProgressUpdate?: (cb: (r: { progress: number }) => void) => void; progress?: (cb: (r: { progress: number }) => void) => void } | undefined
    // Taro also returns the upload as a promise that rejects on failure; `fail` above already
    // handles it, so the promise's rejection is caught here instead of surfacing as unhandled
    const pending = task as unknown as { catch?: (fn: () => void) => unknown } | undefined
    if (typeof pending?.catch === 'function') pending.catch(() => undefined)
    try {
      if (onProgress && task?.onProgressUpdate) task.onProgressUpdate((r) => onProgress(r.progress))
      else if (onProgress && task?.progress) task.progress((r) => onProgress(r.progress))
    } catch {
      // progress is a nicety
    }
  })
}

export const reportsApi = {
  categories: () => request<{ items: TCategoryInfo[] }>('GET', '/reports/categories'),
  nearby: (lat: number, lng: number, category?: TCategoryCode) => request<TReportPage>('GET', '/reports/nearby', { query: { lat, lng, category } }),
  submit: (req: TSubmitReportRequest) => request<TReportDetail>('POST', '/reports', { body: req }),
  get: (id: string) => request<TReportDetail>('GET', `/reports/${id}`),
  mine: (cursor?: string) => request<TReportPage>('GET', '/me/reports', { query: { cursor, limit: 20 } }),
  community: (cursor?: string) => request<TReportPage>('GET', '/reports', { query: { cursor, limit: 20 } }),
  queue: (q: { status?: TReportStatus; category?: TCategoryCode; overdue?: 'true' | 'false'; cursor?: string } = {}) =>
    request<TQueueResponse>('GET', '/staff/reports', { query: { ...q, limit: 50 } }),
  options: () => request<THandoverOptions>('GET', '/staff/reports/options'),
  /** 批量受理 / 批量派给网格员: one result per report (some may fail while the rest go through). */
  bulk: (req: TBulkReportsRequest) => request<TBulkReportsResponse>('POST', '/staff/reports/bulk', { body: req }),
  /** 联系上报人: the full number (the server writes an audit row each time). */
  reporterPhone: (id: string) => request<TReporterPhoneResponse>('POST', `/staff/reports/${id}/reporter-phone`),
  /** Which grid a point belongs to (the name under the pin), or null outside the street. */
  locate: (lat: number, lng: number) => request<TLocateResponse>('GET', '/org/locate', { query: { lat, lng } }),
  act: (id: string, action: string, body: Record<string, unknown> = {}) => request<TReportDetail>('POST', `/reports/${id}/${action}`, { body }),
}

export const ACTION_LABELS: Record<string, string> = {
  support: '我也遇到',
  accept: '受理',
  reject: '不受理',
  merge: '合并到其他事件',
  assign: '派给网格员',
  escalate: '吹哨：上报片区',
  dispatch: '派给部门',
  reassign: '不归我们：退回',
  start: '开始处理',
  resolve: '办结（拍处理后照片）',
  confirm: '确认已解决并评价',
  reopen: '没解决，重新处理',
  comment: '补充说明/照片',
  note: '内部备注',
}

/** 「11月27日 14:30」 in Shanghai time. */
export function shortTime(iso: string): string {
  const d = new Date(new Date(iso).getTime() + 8 * 3600_000)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`
}

/** Stored photos are served by the API origin (H5: same origin; weapp: API_BASE). */
export function photoUrl(u: string): string {
  return /^(https?:|data:|blob:|wxfile:)/.test(u) ? u : `${API_BASE}${u}`
}

export type TQueueFilter = { status?: TReportStatus; category?: TCategoryCode; overdue?: 'true' | 'false' }

/**
 * 导出工单: H5 fetches the workbook with the session and saves it through a link; the mini-program
 * downloads it and opens it in WeChat's document viewer (from where it can be forwarded).
 */
export async function downloadQueueXlsx(filter: TQueueFilter): Promise<void> {
  const query = Object.entries(filter)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join('&')
  await downloadFromApi(`/api/v1/staff/reports.xlsx${query ? `?${query}` : ''}`, '随手拍工单.xlsx', { failText: '导出失败，请稍后再试' })
}
