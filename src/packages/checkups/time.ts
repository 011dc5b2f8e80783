import { shanghai } from '@/utils/shanghai'

const WEEK = ['日', '一', '二', '三', '四', '五', '六']

/** Shanghai wall-clock parts of an ISO instant. */
function parts(iso: string) {
  const d = shanghai(iso)
  return { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate(), w: d.getUTCDay(), hh: String(d.getUTCHours()).padStart(2, '0'), mm: String(d.getUTCMinutes()).padStart(2, '0') }
}
export function dayKey(iso: string): string {
  const p = parts(iso)
  return `${p.y}-${p.m}-${p.d}`
}
export function dayLabel(iso: string): string {
  const p = parts(iso)
  return `${p.m}月${p.d}日 星期${WEEK[p.w]}`
}
export function timeLabel(iso: string): string {
  const p = parts(iso)
  return `${p.hh}:${p.mm}`
}
export function whenLabel(iso: string): string {
  return `${dayLabel(iso)} ${timeLabel(iso)}`
}
