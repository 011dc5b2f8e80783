import Taro from '@tarojs/taro'
import type { TBulkReportsRequest, TBulkReportsResponse, TCategoryCode, TQueueResponse, TReportDetail, TReportPage, TReportStatus, TSubmitReportRequest, TUploadResponse } from '../../types/reports'
import { ApiError, toApiError } from './errors'
import { clearToken, getToken } from './session'
import { downloadFromApi } from './download'
import { send, useCloud, type Method } from './transport'

async function call<T>(method: Method, path: string, opts: { body?: unknown; query?: Record<string, string | number | undefined> } = {}): Promise<T> {
  const headers: Record<string, string> = {}
  const token = getToken()
  if (token) headers.Authorization = `Bearer ${token}`
  try {
    return await send<T>({ method, path, query: opts.query, body: opts.body, headers })
  } catch (e) {
    if (e instanceof ApiError && e.status === 401 && token) clearToken()
    throw e
  }
}

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

/** On the device: shrink before sending (weapp can; H5 sends the file as chosen, the server re-encodes). */
export async function compressForUpload(filePath: string): Promise<string> {
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
        call<TUploadResponse>('POST', '/uploads/cloud', { body: { fileID: r.fileID } }).then(resolve, reject)
      },
      fail: () => reject(new ApiError(0, 'NETWORK', '照片上传失败，请检查网络后重试')),
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
  if (useCloud()) return uploadPhotoToCloud(filePath, onProgress)
  return new Promise((resolve, reject) => {
    const token = getToken()
    const task = Taro.uploadFile({
      url: `${API_BASE}/api/v1/uploads`,
      filePath,
      name: 'file',
      header: token ? { Authorization: `Bearer ${token}` } : {},
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
          if (res.statusCode === 401 && token) clearToken()
          reject(toApiError(res.statusCode, body))
        }
      },
      fail: () => reject(new ApiError(0, 'NETWORK', '照片上传失败，请检查网络后重试')),
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
  categories: () => call<{ items: TCategoryInfo[] }>('GET', '/reports/categories'),
  nearby: (lat: number, lng: number, category?: TCategoryCode) => call<TReportPage>('GET', '/reports/nearby', { query: { lat, lng, category } }),
  submit: (req: TSubmitReportRequest) => call<TReportDetail>('POST', '/reports', { body: req }),
  get: (id: string) => call<TReportDetail>('GET', `/reports/${id}`),
  mine: (cursor?: string) => call<TReportPage>('GET', '/me/reports', { query: { cursor, limit: 20 } }),
  community: (cursor?: string) => call<TReportPage>('GET', '/reports', { query: { cursor, limit: 20 } }),
  queue: (q: { status?: TReportStatus; category?: TCategoryCode; overdue?: 'true' | 'false'; cursor?: string } = {}) =>
    call<TQueueResponse>('GET', '/staff/reports', { query: { ...q, limit: 50 } }),
  options: () => call<THandoverOptions>('GET', '/staff/reports/options'),
  /** 批量受理 / 批量派给网格员: one result per report (some may fail while the rest go through). */
  bulk: (req: TBulkReportsRequest) => call<TBulkReportsResponse>('POST', '/staff/reports/bulk', { body: req }),
  act: (id: string, action: string, body: Record<string, unknown> = {}) => call<TReportDetail>('POST', `/reports/${id}/${action}`, { body }),
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
