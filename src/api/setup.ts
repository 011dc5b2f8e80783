import Taro from '@tarojs/taro'
import type { TBoundaryView, TCrs, TImportBoundariesResponse } from '../../types/boundaries'
import type { TPeopleImportResult } from '../../types/people'
import type { TRole } from '../../types/org'
import { ApiError, networkError, toApiError } from './errors'
import { authHeader, onSessionError, request } from './client'
import { getToken } from './session'
import { saveBlob } from './download'

/** 管理 → 网格边界 and 导入居民: the set-up routes of a real street (street_admin / 片区 lead). */

export const boundariesApi = {
  list: () => request<{ items: TBoundaryView[] }>('GET', '/admin/boundaries'),
  importCollection: (crs: TCrs, collection: unknown, dryRun: boolean) => request<TImportBoundariesResponse>('POST', '/admin/org-units/boundaries', { body: { crs, collection, dryRun } }),
}

/** A file the user picked: a browser File on H5, a temp path in the mini-program. */
export interface PickedFile {
  name: string
  size: number
  file?: File
  path?: string
}

/** Lets the user pick one file (H5: the browser's picker; weapp: a file from a chat). */
export function pickFile(accept: string, extensions: string[]): Promise<PickedFile | null> {
  if (process.env.TARO_ENV === 'h5') {
    return new Promise((resolve) => {
      const input = document.createElement('input')
      input.type = 'file'
      input.accept = accept
      input.onchange = () => {
        const file = input.files?.[0]
        resolve(file ? { name: file.name, size: file.size, file } : null)
      }
      input.click()
    })
  }
  return Taro.chooseMessageFile({ count: 1, type: 'file', extension: extensions })
    .then((r) => {
      const f = r.tempFiles[0]
      return f ? { name: f.name, size: f.size, path: f.path } : null
    })
    .catch(() => null)
}

/** The text of a picked file (a GeoJSON). */
export async function readText(picked: PickedFile): Promise<string> {
  if (picked.file) return picked.file.text()
  const fs = Taro.getFileSystemManager()
  return new Promise((resolve, reject) => fs.readFile({ filePath: picked.path!, encoding: 'utf8', success: (r) => resolve(String(r.data)), fail: reject }))
}

function parse(text: unknown): unknown {
  if (typeof text !== 'string' || !text) return text
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

/**
 * POST an xlsx (multipart) with upload progress 0–100: H5 through XMLHttpRequest (fetch reports no
 * upload progress), weapp through uploadFile. The server answers when every batch is written; a
 * 20,000-row 台账 takes seconds, so the bar shows the upload and then 处理中.
 */
function uploadXlsx<T>(path: string, picked: PickedFile, form: Record<string, string>, onProgress: (percent: number) => void): Promise<T> {
  const token = getToken()
  const url = `${API_BASE}/api/v1${path}`
  return new Promise((resolve, reject) => {
    const done = (status: number, body: unknown) => {
      if (status >= 200 && status < 300) return resolve(body as T)
      const error = toApiError(status, body)
      onSessionError(error, token)
      reject(error)
    }
    if (picked.file) {
      const data = new FormData()
      data.append('file', picked.file, picked.name)
      for (const [k, v] of Object.entries(form)) data.append(k, v)
      const xhr = new XMLHttpRequest()
      xhr.open('POST', url)
      if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`)
      xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(Math.round((e.loaded / e.total) * 100))
      xhr.onload = () => done(xhr.status, parse(xhr.responseText))
      xhr.onerror = () => reject(networkError('上传失败，请检查网络后重试'))
      xhr.send(data)
      return
    }
    const task = Taro.uploadFile({
      url,
      filePath: picked.path!,
      name: 'file',
      formData: form,
      header: authHeader(token),
      success: (res) => done(res.statusCode, parse(res.data)),
      fail: () => reject(networkError('上传失败，请检查网络后重试')),
    }) as unknown as { onProgressUpdate?: (cb: (r: { progress: number }) => void) => void; catch?: (fn: () => void) => unknown }
    if (typeof task?.catch === 'function') task.catch(() => undefined)
    task?.onProgressUpdate?.((r) => onProgress(r.progress))
  })
}

/** POST /admin/people/import: 实有人口 / 老年人台账. */
export function importPeople(picked: PickedFile, fields: { dryRun: boolean; columns?: string }, onProgress: (percent: number) => void): Promise<TPeopleImportResult> {
  return uploadXlsx('/admin/people/import', picked, { dryRun: String(fields.dryRun), ...(fields.columns ? { columns: fields.columns } : {}) }, onProgress)
}

/** What POST /admin/staff/import answers (cloud/admin/import-staff.ts). */
export interface TStaffImportResult {
  dryRun: boolean
  created: { row: number; name: string; username: string; roles: { role: TRole; unit: string }[]; oneTimePassword?: string }[]
  refused: { row: number; reason: string }[]
}

/** POST /admin/staff/import: 姓名, 用户名, 手机, 角色, 单位; the commit answers each one-time password. */
export function importStaff(picked: PickedFile, dryRun: boolean, onProgress: (percent: number) => void): Promise<TStaffImportResult> {
  return uploadXlsx('/admin/staff/import', picked, { dryRun: String(dryRun) }, onProgress)
}

/** The refused rows as an xlsx (H5 downloads it; the mini-program cannot post a file and save the answer). */
export async function downloadRefusals(picked: PickedFile, columns?: string): Promise<void> {
  if (!picked.file) throw new ApiError(0, 'H5_ONLY', '请在电脑浏览器里打开本页下载未通过的行')
  const data = new FormData()
  data.append('file', picked.file, picked.name)
  data.append('dryRun', 'true')
  if (columns) data.append('columns', columns)
  const token = getToken()
  let res: Response
  try {
    res = await fetch(`${API_BASE}/api/v1/admin/people/import/refusals`, { method: 'POST', headers: authHeader(token), body: data })
  } catch {
    throw networkError()
  }
  if (!res.ok) {
    const error = toApiError(res.status, await res.json().catch(() => null))
    onSessionError(error, token)
    throw error
  }
  saveBlob(await res.blob(), `未导入的行-${picked.name.replace(/\.xlsx$/i, '')}.xlsx`)
}
