import { createHash } from 'node:crypto'
import QRCode from 'qrcode'
import type SharpType from 'sharp'
import type { AppDeps } from '../platform/context'
import { formatShanghai } from '../platform/clock'
import { AppError } from '../platform/errors'
import { maskName } from '../platform/privacy'
import { certificatePagePath, ZCertificateCodeSchema } from '../../types/timebank'
import { findCertificate } from './repository/reports'

export const CERTIFICATE_WIDTH = 1000
export const CERTIFICATE_HEIGHT = 1400

// CJK fonts in the order a server is likely to have them; librsvg (inside sharp) takes the first it
// finds through fontconfig and still renders the image (Latin glyphs, boxes for CJK) when none is there
const FONTS = "'WenQuanYi Micro Hei', 'WenQuanYi Zen Hei', 'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', 'SimHei', sans-serif"

let sharpModule: Promise<typeof SharpType> | null = null
// sharp is loaded on the first certificate image, not at start (as for photos)
const loadSharp = () => (sharpModule ??= import('sharp').then((m) => (m.default ?? m) as typeof SharpType))

const escapeXml = (s: string) => s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[ch]!)
const day = (d: Date) => formatShanghai(d, 'YYYY年M月D日')

/**
 * 志愿服务时长证明 as a PNG: an SVG (masked name, total hours, period, verification code, QR of the
 * public verification URL) rendered by sharp. Public like the verification itself: the code is the key
 * and the name is masked.
 */
// Rendering costs ~80 ms of CPU and the image is public: the last images rendered are kept in memory,
// keyed by everything drawn on them, so a changed name or total is a new image (never a stale one)
const CACHE_SIZE = 50
const cache = new Map<string, Uint8Array<ArrayBuffer>>()
let renders = 0
/** For tests and metrics: how many images were drawn, how many are kept. */
export const certificateCacheStats = () => ({ renders, cached: cache.size })

export interface CertificateImage {
  name: string
  /** Strong validator of the bytes: If-None-Match with it answers 304 without drawing. */
  etag: string
  /** null when the caller already has these bytes (ifNoneMatch matched). */
  bytes: Uint8Array<ArrayBuffer> | null
}

export async function renderCertificate(deps: AppDeps, code: string, origin: string, ifNoneMatch?: string): Promise<CertificateImage> {
  if (!ZCertificateCodeSchema.safeParse(code).success) throw new AppError('CERTIFICATE_NOT_FOUND')
  const c = await findCertificate(deps.db.kysely, code)
  if (!c) throw new AppError('CERTIFICATE_NOT_FOUND')
  const totalMinutes = Number(c.total_minutes)
  const hours = Math.floor(totalMinutes / 6) / 10
  const issued = new Date(c.issued_at)
  const from = c.period_from ? new Date(c.period_from) : issued
  const verifyUrl = `${origin}${certificatePagePath(c.code)}`
  const name = `志愿服务时长证明-${c.code}.png`
  const key = createHash('sha256')
    .update(JSON.stringify([verifyUrl, maskName(c.name), totalMinutes, c.services, from.toISOString(), issued.toISOString()]))
    .digest('base64url')
  const etag = `"${key.slice(0, 27)}"`
  if (ifNoneMatch && ifNoneMatch.split(',').some((t) => t.trim() === etag)) return { name, etag, bytes: null }
  const hit = cache.get(key)
  if (hit) {
    cache.delete(key) // most recently used goes last
    cache.set(key, hit)
    return { name, etag, bytes: hit }
  }
  const qr = await QRCode.toBuffer(verifyUrl, { type: 'png', margin: 1, width: 320, errorCorrectionLevel: 'M' })
  const W = CERTIFICATE_WIDTH
  const H = CERTIFICATE_HEIGHT
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">
  <rect width="${W}" height="${H}" fill="#fffdf7"/>
  <rect x="30" y="30" width="${W - 60}" height="${H - 60}" fill="none" stroke="#b8860b" stroke-width="6"/>
  <rect x="48" y="48" width="${W - 96}" height="${H - 96}" fill="none" stroke="#b8860b" stroke-width="2"/>
  <g font-family="${FONTS}" fill="#222" text-anchor="middle">
    <text x="${W / 2}" y="190" font-size="64" font-weight="bold" fill="#8b1a1a">志愿服务时长证明</text>
    <text x="${W / 2}" y="250" font-size="26" fill="#666">Certificate of Volunteer Service Hours</text>
    <text x="${W / 2}" y="380" font-size="40">兹证明志愿者 ${escapeXml(maskName(c.name))}</text>
    <text x="${W / 2}" y="450" font-size="32">于 ${day(from)} 至 ${day(issued)}</text>
    <text x="${W / 2}" y="510" font-size="32">在邻里通时间银行累计提供志愿服务 ${c.services} 次</text>
    <text x="${W / 2}" y="620" font-size="36">服务时长</text>
    <text x="${W / 2}" y="720" font-size="96" font-weight="bold" fill="#8b1a1a">${hours} 小时</text>
    <text x="${W / 2}" y="775" font-size="28" fill="#666">（${totalMinutes} 分钟）</text>
  </g>
  <image x="${(W - 320) / 2}" y="830" width="320" height="320" xlink:href="data:image/png;base64,${qr.toString('base64')}"/>
  <g font-family="${FONTS}" fill="#444" text-anchor="middle">
    <text x="${W / 2}" y="1195" font-size="28">验证码 ${c.code}</text>
    <text x="${W / 2}" y="1240" font-size="22" fill="#666">扫码或访问以下地址核验：</text>
    <text x="${W / 2}" y="1275" font-size="18" fill="#666">${escapeXml(verifyUrl)}</text>
    <text x="${W / 2}" y="1325" font-size="26">邻里通时间银行 · ${day(issued)}</text>
  </g>
</svg>`
  const sharp = await loadSharp()
  const png = new Uint8Array(await sharp(Buffer.from(svg)).png().toBuffer()) as Uint8Array<ArrayBuffer>
  renders++
  cache.set(key, png)
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!)
  return { name, etag, bytes: png }
}
