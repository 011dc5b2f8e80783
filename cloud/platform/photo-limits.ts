import { AppError } from './errors'

/**
 * What a photo may cost to decode. A PNG of one colour can be 300 KB on the wire and 80 million
 * pixels (240 MB of RGB) once decoded, so bytes are not the measure: pixels are. 40 Mpx is above
 * any phone camera (a 48 Mpx sensor saves 12 Mpx by default; weapp compressImage sends ≤ 2048 px).
 */
export const MAX_PHOTO_PIXELS = 40_000_000

/** Photos decoded at once per instance: a burst of uploads waits its turn instead of taking all memory. */
export const PHOTO_WORKERS = 2

// ISO-BMFF major brands of HEVC-coded HEIF (an iPhone's .heic). sharp's prebuilt libvips reads HEIF
// with AV1 (AVIF) only — HEVC is patent-encumbered and left out — so these are refused plainly (415)
// and the pages send JPEG instead (weapp compressImage, H5 a canvas: src/api/reports.ts).
const HEVC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'hevm', 'hevs'])

/** Refusals that need only the first bytes: an HEIC photo. */
export function refuseHeic(input: Buffer): void {
  if (input.length >= 12 && input.toString('latin1', 4, 8) === 'ftyp' && HEVC_BRANDS.has(input.toString('latin1', 8, 12))) {
    throw new AppError('HEIC_NOT_SUPPORTED')
  }
}

/** Refusals from the header sharp read (no pixel decoded yet): HEVC inside HEIF, too many pixels. */
export function refuseBeforeDecode(meta: { format?: string; compression?: string; width?: number; height?: number }): void {
  if (meta.format === 'heif' && meta.compression === 'hevc') throw new AppError('HEIC_NOT_SUPPORTED')
  const pixels = (meta.width ?? 0) * (meta.height ?? 0)
  if (pixels > MAX_PHOTO_PIXELS) throw new AppError('IMAGE_TOO_MANY_PIXELS', { maxPixels: MAX_PHOTO_PIXELS, pixels, width: meta.width, height: meta.height })
}

/** A counting semaphore: at most `size` runs at once, the rest wait in arrival order. */
export function boundedQueue(size: number) {
  let active = 0
  let peak = 0
  const waiting: (() => void)[] = []
  return {
    async run<T>(task: () => Promise<T>): Promise<T> {
      if (active < size) active++
      else await new Promise<void>((resolve) => waiting.push(resolve)) // the finishing run hands its slot over
      peak = Math.max(peak, active)
      try {
        return await task()
      } finally {
        const next = waiting.shift()
        if (next) next()
        else active--
      }
    },
    /** For tests and metrics: runs now, waiting, and the most ever at once. */
    stats: () => ({ active, waiting: waiting.length, peak }),
    resetPeak: () => {
      peak = active
    },
  }
}

/** The one photo queue of this instance (uploads go through it: cloud/reports/upload-photo.ts). */
export const photoQueue = boundedQueue(PHOTO_WORKERS)
