import { shanghai } from '../../utils/shanghai'

export type PeriodKind = 'week' | 'month' | 'year' | 'lastMonth'
export const PERIOD_LABELS: Record<PeriodKind, string> = { week: '本周', month: '本月', lastMonth: '上月', year: '今年' }

const pad = (n: number) => String(n).padStart(2, '0')
const fmt = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`

/** The Shanghai dates of a period containing today (a week starts on Monday). */
export function periodOf(kind: PeriodKind, now = new Date()): { from: string; to: string } {
  const today = shanghai(now) // a Date whose UTC fields read as Shanghai wall-clock
  const y = today.getUTCFullYear()
  const m = today.getUTCMonth()
  if (kind === 'year') return { from: `${y}-01-01`, to: `${y}-12-31` }
  if (kind === 'month') return { from: `${y}-${pad(m + 1)}-01`, to: fmt(new Date(Date.UTC(y, m + 1, 0))) }
  if (kind === 'lastMonth') return { from: fmt(new Date(Date.UTC(y, m - 1, 1))), to: fmt(new Date(Date.UTC(y, m, 0))) }
  const weekday = (today.getUTCDay() + 6) % 7 // Monday 0
  const monday = new Date(Date.UTC(y, m, today.getUTCDate() - weekday))
  return { from: fmt(monday), to: fmt(new Date(monday.getTime() + 6 * 86_400_000)) }
}
