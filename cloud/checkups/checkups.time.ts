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

/** Reminder time: 10:00 the day before, so there is still time to cancel before the cut-off. */
export function reminderAt(startsAt: Date): Date {
  return dayBeforeAt(startsAt, '10:00')
}

/** 中文 date and time for notices, e.g. 12月1日 08:00. */
export function whenText(d: Date): string {
  const p = shanghaiParts(d)
  return `${p.m + 1}月${p.d}日 ${String(p.hh).padStart(2, '0')}:${String(p.mm).padStart(2, '0')}`
}

/** Full years from a birth date to a calendar date (both YYYY-MM-DD), e.g. the campaign's age_on. */
export function yearsOn(birthDate: string | null, on: string): number | null {
  if (!birthDate) return null
  const [y, m, d] = on.split('-').map(Number)
  const [by, bm, bd] = birthDate.split('-').map(Number)
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0)
}
