import { businessDate, formatShanghai } from '../platform/clock'
import type { Candidate } from './repository/rules'

/** "今天 07:00", "昨天 21:00", "11月25日 21:00" — how a neighbour would say it. */
export function when(at: Date, now: Date): string {
  const day = businessDate(at)
  const today = businessDate(now)
  const yesterday = businessDate(new Date(now.getTime() - 86_400_000))
  const time = formatShanghai(at, 'HH:mm')
  if (day === today) return `今天 ${time}`
  if (day === yesterday) return `昨天 ${time}`
  return `${formatShanghai(at, 'M月D日')} ${time}`
}

const litres = (n: number) => `${Math.round(n)} 升`

/** Why the alert was raised, in plain Chinese (the grid worker reads it aloud on the phone). */
export function reasonFor(c: Candidate, now: Date): string {
  switch (c.kind) {
    case 'device':
      return c.last_at
        ? `水表已 ${c.hours} 小时没有上报读数（最后一次是${when(new Date(c.last_at), now)}），可能没电或信号不好，请安排检查水表`
        : `水表安装后 ${c.hours} 小时仍没有上报读数，请检查水表是否接通`
    case 'no_use':
      if (c.variant === 'morning') return `平时 ${(c.usual ?? 7) + 1} 点前会用水，今天到 ${c.local_hour} 点仍未用水`
      return c.last_use_at ? `已经 ${c.hours} 小时没有用水（最后一次用水是${when(new Date(c.last_use_at), now)}）` : `登记后 ${c.hours} 小时一直没有用水`
    case 'flow':
      return `已连续 ${c.hours} 小时不停用水（每小时至少 ${litres(c.litres ?? 0)}），可能忘了关水龙头，或在浴室里摔倒`
    case 'quiet':
      return `夜里 ${c.bucket_hour} 点用了 ${litres(c.litres ?? 0)} 水，平时这个时候${(c.usual ?? 0) < 1 ? '几乎不用水' : `只用 ${litres(c.usual ?? 0)}`}`
  }
}
