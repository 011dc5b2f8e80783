import QRCode from 'qrcode'
import type SharpType from 'sharp'
import type { AppDeps } from '../platform/context'
import type { Actor } from '../org'
import { formatShanghai } from '../platform/clock'
import { maskName } from '../platform/privacy'
import { getBooking } from './get-booking'

// same font list as the time bank certificate: librsvg (in sharp) takes the first CJK font fontconfig
// has (Noto Sans CJK on this machine; `fc-list :lang=zh` shows what a server has)
const FONTS = "'WenQuanYi Micro Hei', 'WenQuanYi Zen Hei', 'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', 'SimHei', sans-serif"

let sharpModule: Promise<typeof SharpType> | null = null
const loadSharp = () => (sharpModule ??= import('sharp').then((m) => (m.default ?? m) as typeof SharpType))
const escapeXml = (s: string) => s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[ch]!)

/** Splits a long line (place, fasting note) into lines of at most `n` characters. */
function lines(text: string, n: number): string[] {
  const out: string[] = []
  for (let i = 0; i < text.length && out.length < 3; i += n) out.push(text.slice(i, i + n))
  return out
}

export const PASS_WIDTH = 750
export const PASS_HEIGHT = 1200

/**
 * 体检签到凭证 as a PNG the family saves, sends to the elder's carer or prints: the check-in QR, the
 * 8-character code under it, the elder's masked name, the session's time and place, what to bring and
 * the fasting note. Same access as the booking itself (the elder, family with the scope, staff).
 */
export async function renderPass(deps: AppDeps, actor: Actor, bookingId: string): Promise<{ name: string; bytes: Uint8Array<ArrayBuffer> }> {
  const b = await getBooking(deps, actor, bookingId)
  const qr = await QRCode.toBuffer(`linli:checkup:${b.checkInCode}`, { type: 'png', margin: 1, width: 440, errorCorrectionLevel: 'M' })
  const starts = new Date(b.session.startsAt)
  const when = `${formatShanghai(starts, 'YYYY年M月D日')} ${formatShanghai(starts, 'HH:mm')}–${formatShanghai(new Date(b.session.endsAt), 'HH:mm')}`
  const W = PASS_WIDTH
  const H = PASS_HEIGHT
  const text = (y: number, size: number, s: string, extra = '') => `<text x="${W / 2}" y="${y}" font-size="${size}" ${extra}>${escapeXml(s)}</text>`
  const place = lines(`地点：${b.session.place}`, 20)
  const notes = [...lines(`请带：${b.bring}`, 22), ...lines(b.fasting, 22)]
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">
  <rect width="${W}" height="${H}" fill="#ffffff"/>
  <rect x="16" y="16" width="${W - 32}" height="${H - 32}" rx="24" fill="none" stroke="#2b7a4b" stroke-width="4"/>
  <g font-family="${FONTS}" fill="#222" text-anchor="middle">
    ${text(96, 48, '体检签到凭证', 'font-weight="bold" fill="#2b7a4b"')}
    ${text(150, 28, b.campaignTitle, 'fill="#555"')}
    ${text(218, 40, `${maskName(b.elderName)}`, 'font-weight="bold"')}
    ${text(272, 32, when)}
    ${place.map((l, i) => text(318 + i * 40, 28, l)).join('\n    ')}
  </g>
  <image x="${(W - 440) / 2}" y="${360 + (place.length - 1) * 40}" width="440" height="440" xlink:href="data:image/png;base64,${qr.toString('base64')}"/>
  <g font-family="${FONTS}" fill="#222" text-anchor="middle">
    ${text(850 + (place.length - 1) * 40, 26, '签到码（扫不了码时报给工作人员）', 'fill="#555"')}
    ${text(920 + (place.length - 1) * 40, 64, b.shortCode, 'font-weight="bold" letter-spacing="6" font-family="DejaVu Sans Mono, monospace"')}
    ${notes.map((l, i) => text(990 + (place.length - 1) * 40 + i * 36, 26, l, 'fill="#444"')).join('\n    ')}
  </g>
</svg>`
  const sharp = await loadSharp()
  const bytes = new Uint8Array(await sharp(Buffer.from(svg)).png().toBuffer()) as Uint8Array<ArrayBuffer>
  return { name: `体检签到凭证-${b.shortCode}.png`, bytes }
}
