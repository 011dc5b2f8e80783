import { AppError } from '../platform/errors'
import { MAX_PHOTO_BYTES, processPhoto, type Storage } from '../platform/storage'
import type { LcSource } from './sources'

export type DownloadedPhoto = { ok: true; key: string; thumbKey: string; width: number; height: number; bytes: number } | { ok: false; reason: string }

/** File fields: {__type:'File', url}, a pointer to a _File object, a bare URL, or an array of those. */
export async function fileUrls(value: unknown, source: LcSource): Promise<{ urls: string[]; unresolved: string[] }> {
  const urls: string[] = []
  const unresolved: string[] = []
  for (const v of Array.isArray(value) ? value : value == null ? [] : [value]) {
    if (typeof v === 'string' && /^https?:\/\//.test(v)) urls.push(v)
    else if (v && typeof v === 'object') {
      const f = v as { __type?: unknown; url?: unknown; className?: unknown; objectId?: unknown }
      if (typeof f.url === 'string' && f.url) urls.push(f.url)
      else if (typeof f.objectId === 'string' && (f.__type === 'File' || f.className === '_File')) {
        const url = await source.fileUrl(f.objectId)
        if (url) urls.push(url)
        else unresolved.push(`_File ${f.objectId}`)
      }
    }
  }
  return { urls: urls.slice(0, 9), unresolved }
}

const REASONS: Record<string, string> = { NOT_AN_IMAGE: '不是图片', IMAGE_TOO_LARGE: '图片超过 10 MB', IMAGE_TRUNCATED: '图片不完整' }

/**
 * Downloads each URL and runs it through the same pipeline as an upload (decoded, re-encoded ≤ 2048 px,
 * EXIF/GPS dropped, thumbnail). A file that cannot be had is reported, never silently dropped.
 * A dry run downloads and checks but stores nothing.
 */
export async function fetchPhotos(urls: string[], storage: Storage, dryRun: boolean, doFetch: typeof fetch = fetch, concurrency = 4): Promise<Map<string, DownloadedPhoto>> {
  const out = new Map<string, DownloadedPhoto>()
  const todo = [...new Set(urls)]
  let next = 0
  const one = async (url: string): Promise<DownloadedPhoto> => {
    let bytes: Buffer
    try {
      const res = await doFetch(url, { signal: AbortSignal.timeout(30_000) })
      if (!res.ok) {
        await res.body?.cancel().catch(() => {})
        return { ok: false, reason: `HTTP ${res.status}` }
      }
      const length = Number(res.headers.get('content-length') ?? 0)
      if (length > MAX_PHOTO_BYTES) {
        await res.body?.cancel().catch(() => {})
        return { ok: false, reason: REASONS.IMAGE_TOO_LARGE }
      }
      bytes = Buffer.from(await res.arrayBuffer())
    } catch (error) {
      return { ok: false, reason: `下载失败：${String((error as Error).message).slice(0, 80)}` }
    }
    try {
      const photo = await processPhoto(bytes)
      if (!dryRun) {
        await storage.put(photo.thumbKey, photo.thumb)
        await storage.put(photo.key, photo.main)
      }
      return { ok: true, key: photo.key, thumbKey: photo.thumbKey, width: photo.width, height: photo.height, bytes: photo.main.length }
    } catch (error) {
      if (error instanceof AppError) return { ok: false, reason: REASONS[error.code] ?? error.code }
      throw error
    }
  }
  await Promise.all(
    Array.from({ length: Math.min(concurrency, todo.length) }, async () => {
      while (next < todo.length) {
        const url = todo[next++]
        out.set(url, await one(url))
      }
    }),
  )
  return out
}
