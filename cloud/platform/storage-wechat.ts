import type { Storage } from './storage'
import { AppError } from './errors'

/** The part of wx-server-sdk's `cloud` object that handles files (cloud storage 云存储). */
export interface WxCloudFiles {
  uploadFile(o: { cloudPath: string; fileContent: Buffer }): Promise<{ fileID: string }>
  downloadFile(o: { fileID: string }): Promise<{ fileContent: Buffer }>
  getTempFileURL(o: { fileList: { fileID: string; maxAge: number }[] }): Promise<{ fileList: { fileID: string; tempFileURL: string; status: number; errMsg?: string }[] }>
  deleteFile(o: { fileList: string[] }): Promise<{ fileList: { fileID: string; status: number }[] }>
}

export interface WechatStorage extends Storage {
  /** Reads and deletes what the mini-program put under tmp/uploads/ with wx.cloud.uploadFile. */
  takeTemporaryUpload(fileID: string): Promise<Buffer>
  /** Temporary https links for keys, fetched in batches and cached until shortly before they expire. */
  tempUrls(keys: string[]): Promise<Map<string, string>>
  /** A generated file (xlsx export, certificate image) kept under tmp/exports/ for the page to download. */
  storeDownload(bytes: Buffer, fileName: string): Promise<{ fileID: string; tempFileURL: string }>
}

const TEMP_URL_SECONDS = 2 * 60 * 60
const REFRESH_BEFORE_MS = 10 * 60 * 1000
const BATCH = 50
export const TEMP_UPLOAD_DIR = 'tmp/uploads/'

/**
 * Photos in the cloud environment's own storage, inside the WeChat cloud function. Keys are the
 * same content addresses as on disk or S3 (photos/<sha256>.jpg); a file ID is
 * `cloud://<env>.<bucket>/<key>`. The prefix is WX_CLOUD_FILE_PREFIX or learned from the first
 * upload. Pages get `/files/<key>` like everywhere else; the WeChat entry swaps those for temporary
 * links (rewriteFileUrls) before answering.
 */
export function wechatStorage(cloud: WxCloudFiles, options: { filePrefix?: string | null; now?: () => number } = {}): WechatStorage {
  let prefix: string | null = options.filePrefix ?? null
  const now = options.now ?? Date.now
  const cache = new Map<string, { url: string; until: number }>()
  const learn = (fileID: string, cloudPath: string) => {
    if (!prefix && fileID.endsWith(`/${cloudPath}`)) prefix = fileID.slice(0, -cloudPath.length - 1)
  }
  const ensurePrefix = async (): Promise<string> => {
    if (!prefix) {
      const cloudPath = 'meta/linli-storage.txt'
      const { fileID } = await cloud.uploadFile({ cloudPath, fileContent: Buffer.from('linli') })
      learn(fileID, cloudPath)
      if (!prefix) throw new Error(`cannot tell the cloud storage prefix from ${fileID}`)
    }
    return prefix
  }
  const fileId = async (key: string) => `${await ensurePrefix()}/${key}`
  const tempUrls = async (keys: string[]): Promise<Map<string, string>> => {
    const out = new Map<string, string>()
    const missing: string[] = []
    for (const k of new Set(keys)) {
      const hit = cache.get(k)
      if (hit && hit.until - REFRESH_BEFORE_MS > now()) out.set(k, hit.url)
      else missing.push(k)
    }
    for (let i = 0; i < missing.length; i += BATCH) {
      const batch = missing.slice(i, i + BATCH)
      const ids = await Promise.all(batch.map(fileId))
      const res = await cloud.getTempFileURL({ fileList: ids.map((fileID) => ({ fileID, maxAge: TEMP_URL_SECONDS })) })
      for (const f of res.fileList) {
        const key = batch[ids.indexOf(f.fileID)]
        if (key === undefined || f.status !== 0 || !f.tempFileURL) continue
        cache.set(key, { url: f.tempFileURL, until: now() + TEMP_URL_SECONDS * 1000 })
        out.set(key, f.tempFileURL)
      }
    }
    return out
  }
  return {
    async put(key, bytes) {
      const { fileID } = await cloud.uploadFile({ cloudPath: key, fileContent: bytes })
      learn(fileID, key)
    },
    async get(key) {
      try {
        return Buffer.from((await cloud.downloadFile({ fileID: await fileId(key) })).fileContent)
      } catch {
        return null
      }
    },
    async has(key) {
      return (await tempUrls([key])).has(key)
    },
    url: (key) => `/files/${key}`,
    tempUrls,
    async storeDownload(bytes, fileName) {
      const safe = fileName.replace(/[^A-Za-z0-9_.-]/g, '_').slice(-80) || 'download'
      const key = `tmp/exports/${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}-${safe}`
      const { fileID } = await cloud.uploadFile({ cloudPath: key, fileContent: bytes })
      learn(fileID, key)
      const url = (await tempUrls([key])).get(key)
      if (!url) throw new Error(`no temporary link for ${fileID}`)
      return { fileID, tempFileURL: url }
    },
    async takeTemporaryUpload(fileID) {
      const p = await ensurePrefix()
      const path = fileID.startsWith(`${p}/`) ? fileID.slice(p.length + 1) : null
      // only what the mini-program may write: tmp/uploads/<name>, never another key of the store
      if (!path || !path.startsWith(TEMP_UPLOAD_DIR) || !/^[A-Za-z0-9_.-]+$/.test(path.slice(TEMP_UPLOAD_DIR.length))) {
        throw new AppError('INVALID_INPUT', { fileID: '不是本小程序上传的临时文件' })
      }
      let bytes: Buffer
      try {
        bytes = Buffer.from((await cloud.downloadFile({ fileID })).fileContent)
      } catch {
        throw new AppError('UPLOAD_NOT_FOUND')
      }
      // the original (with its EXIF) is removed whatever happens next
      await cloud.deleteFile({ fileList: [fileID] }).catch(() => undefined)
      return bytes
    },
  }
}

/** Every `/files/<key>` string in an answer becomes a temporary https link (one batched call). */
export async function rewriteFileUrls(body: unknown, storage: WechatStorage): Promise<unknown> {
  const keys: string[] = []
  const FILE = /^\/files\/([a-z0-9/_.-]+)$/
  const collect = (v: unknown): void => {
    if (typeof v === 'string') {
      const m = FILE.exec(v)
      if (m) keys.push(m[1])
    } else if (Array.isArray(v)) v.forEach(collect)
    else if (v && typeof v === 'object') Object.values(v).forEach(collect)
  }
  collect(body)
  if (!keys.length) return body
  const urls = await storage.tempUrls(keys)
  const swap = (v: unknown): unknown => {
    if (typeof v === 'string') {
      const m = FILE.exec(v)
      return m ? (urls.get(m[1]) ?? v) : v
    }
    if (Array.isArray(v)) return v.map(swap)
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, swap(x)]))
    return v
  }
  return swap(body)
}
