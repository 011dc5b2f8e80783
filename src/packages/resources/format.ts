import { shanghaiDate, shanghaiDateTime } from '@/utils/shanghai'

/** The instant of a Shanghai wall-clock time (China keeps UTC+8 all year). */
export function shanghaiIso(date: string, time: string): string {
  return new Date(`${date}T${time}:00+08:00`).toISOString()
}

/** 11-28 09:00–11:00 */
export function rangeText(startsAt: string, endsAt: string): string {
  return `${shanghaiDateTime(startsAt).slice(5)}–${shanghaiDateTime(endsAt).slice(11)}`
}

export function tomorrow(): string {
  return shanghaiDate(Date.now() + 86_400_000)
}

export function distanceText(m: number | null): string {
  if (m == null) return ''
  if (m < 100) return '就在附近'
  return m < 1000 ? `${m} 米` : `${(m / 1000).toFixed(1)} 公里`
}
