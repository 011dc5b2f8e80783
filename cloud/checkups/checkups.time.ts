/**
 * Times of 体检预约 in Shanghai wall-clock time. China Standard Time is UTC+8 with no summer time
 * since 1991, and sessions lie ahead, so a fixed offset is exact here — and about a hundred times
 * cheaper than dayjs' time-zone plugin, which every booking used to call four times.
 */
const OFFSET_MS = 8 * 3600_000

function shanghaiParts(d: Date) {
  const x = new Date(d.getTime() + OFFSET_MS)
  return { y: x.getUTCFullYear(), m: x.getUTCMonth(), d: x.getUTCDate(), hh: x.getUTCHours(), mm: x.getUTCMinutes() }
}

/** hh:mm Shanghai time on the day before the session's (Shanghai) day. */
function dayBeforeAt(startsAt: Date, hhmm: string): Date {
  const p = shanghaiParts(startsAt)
  const [h, m] = hhmm.split(':').map(Number)
  return new Date(Date.UTC(p.y, p.m, p.d - 1, h, m) - OFFSET_MS)
}

/** Cancel cut-off: the campaign's wall-clock time (default 18:00) on the day before the session. */
export function cancelUntil(startsAt: Date, cutoff: string): Date {
  return dayBeforeAt(startsAt, cutoff)
}

/**
 * A session that asks for fasting closes for booking when the fasting starts: the time named in the
 * instructions (「体检前一晚 22:00 后不要吃东西」) on the evening before, 22:00 when none is named.
 * No fasting asked: null (booking stays open until the start).
 */
export function fastingFrom(startsAt: Date, fasting: string): Date | null {
  if (!fasting.trim()) return null
  const named = /(\d{1,2})[:：点](\d{2})?/.exec(fasting)
  const hh = named ? Math.min(Number(named[1]), 23) : 22
  const mm = named?.[2] ? Math.min(Number(named[2]), 59) : 0
  return dayBeforeAt(startsAt, `${hh}:${mm}`)
}

/** Reminder time: 10:00 the day before, so there is still time to cancel before the cut-off. */
export function reminderAt(startsAt: Date): Date {
  return dayBeforeAt(startsAt, '10:00')
}

/** 中文 date and time for notices, e.g. 12月1日 08:00. */
export function whenText(d: Date): string {
  const p = shanghaiParts(d)
  return `${p.m + 1}月${p.d}日 ${String(p.hh).padStart(2, '0')}:${String(p.mm).padStart(2, '0')}`
}

/** 「今天」「明天」 or nothing, for the Shanghai day of `d` seen from `now`: a same-day reminder must not say 明天. */
export function relativeDay(d: Date, now: Date): '今天' | '明天' | null {
  const a = shanghaiParts(d)
  const b = shanghaiParts(now)
  const days = Math.round((Date.UTC(a.y, a.m, a.d) - Date.UTC(b.y, b.m, b.d)) / 86_400_000)
  return days === 0 ? '今天' : days === 1 ? '明天' : null
}

/** Full years from a birth date to a calendar date (both YYYY-MM-DD), e.g. the campaign's age_on. */
export function yearsOn(birthDate: string | null, on: string): number | null {
  if (!birthDate) return null
  const [y, m, d] = on.split('-').map(Number)
  const [by, bm, bd] = birthDate.split('-').map(Number)
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0)
}
