import { createHash } from 'node:crypto'
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type SharpType from 'sharp'
import { AppError } from './errors'
import { MAX_PHOTO_PIXELS, refuseBeforeDecode, refuseHeic } from './photo-limits'

// loaded on the first photo, not at start: sharp's native addon costs ~200 ms of cold start
// (the cloud function is started per instance; most calls never touch a photo)
let sharpModule: Promise<typeof SharpType> | null = null
const loadSharp = () => (sharpModule ??= import('sharp').then((m) => (m.default ?? m) as typeof SharpType))

/** Where photo bytes live: a folder under DATA_DIR by default (an object store in production). */
export interface Storage {
  put(key: string, bytes: Buffer): Promise<void>
  get(key: string): Promise<Buffer | null>
  has(key: string): Promise<boolean>
  /** Public URL the app shows (served by the node entry at /files/*). */
  url(key: string): string
}

const SAFE_KEY = /^[a-z0-9/_.-]+$/

export function localStorage(root: string, publicBase = '/files'): Storage {
  const path = (key: string) => {
    if (!SAFE_KEY.test(key) || key.includes('..')) throw new Error(`unsafe storage key ${key}`)
    return join(root, key)
  }
  return {
    async put(key, bytes) {
      const file = path(key)
      await mkdir(dirname(file), { recursive: true })
      // write then rename: a reader never sees half a file, two writers of one key agree on the bytes
      const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`
      await writeFile(tmp, bytes)
      await rename(tmp, file)
    },
    async get(key) {
      try {
        return await readFile(path(key))
      } catch {
        return null
      }
    },
    async has(key) {
      try {
        return (await stat(path(key))).isFile()
      } catch {
        return false
      }
    },
    url: (key) => `${publicBase}/${key}`,
  }
}

export const MAX_PHOTO_BYTES = 10 * 1024 * 1024
export const MAX_EDGE = 2048
export const THUMB_EDGE = 480
const ACCEPTED_FORMATS = new Set(['jpeg', 'png', 'webp', 'heif'])

export interface ProcessedPhoto {
  key: string
  thumbKey: string
  width: number
  height: number
  bytes: number
}

/** Content address of the bytes the person sent: a retried upload of one photo is one file. */
export function photoKey(input: Buffer): { key: string; thumbKey: string } {
  const sha = createHash('sha256').update(input).digest('hex')
  return { key: `photos/${sha}.jpg`, thumbKey: `photos/thumbs/${sha}.jpg` }
}

/**
 * Decodes and re-encodes a photo: orientation applied, at most 2048 px, every metadata block
 * (EXIF, GPS, XMP, ICC comments) dropped, plus a 480 px thumbnail. Originals are never kept:
 * a phone's EXIF holds the reporter's home position. Refusals store nothing:
 * not an image or HEIC → 415, cut off → 400, over 10 MB → 413, over 40 Mpx → 422 (photo-limits.ts).
 */
export async function processPhoto(input: Buffer): Promise<{ key: string; thumbKey: string; main: Buffer; thumb: Buffer; width: number; height: number }> {
  if (input.length > MAX_PHOTO_BYTES) throw new AppError('IMAGE_TOO_LARGE', { maxBytes: MAX_PHOTO_BYTES })
  if (input.length === 0) throw new AppError('NOT_AN_IMAGE')
  refuseHeic(input)
  const sharp = await loadSharp()
  let meta: Awaited<ReturnType<ReturnType<typeof SharpType>['metadata']>>
  try {
    meta = await sharp(input).metadata()
  } catch {
    throw new AppError('NOT_AN_IMAGE')
  }
  const format = meta.format
  if (!format || !ACCEPTED_FORMATS.has(format)) throw new AppError('NOT_AN_IMAGE', { format: format ?? null })
  refuseBeforeDecode(meta) // HEVC, too many pixels: 415/422 from the header alone
  const { key, thumbKey } = photoKey(input)
  try {
    // failOn 'truncated': a photo cut off by a bad network is refused, not stored half grey
    const decoded = sharp(input, { failOn: 'truncated', limitInputPixels: MAX_PHOTO_PIXELS }).rotate()
    const { data: main, info } = await decoded
      .clone()
      .resize({ width: MAX_EDGE, height: MAX_EDGE, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 82, mozjpeg: false })
      .toBuffer({ resolveWithObject: true })
    const thumb = await sharp(main).resize({ width: THUMB_EDGE, height: THUMB_EDGE, fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 75 }).toBuffer()
    return { key, thumbKey, main, thumb, width: info.width, height: info.height }
  } catch (error) {
    if (error instanceof AppError) throw error
    throw new AppError('IMAGE_TRUNCATED', { reason: String((error as Error).message).slice(0, 120) })
  }
}
