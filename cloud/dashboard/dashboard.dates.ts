import dayjs from 'dayjs'

/** Calendar arithmetic on 'YYYY-MM-DD' business days (Shanghai dates, no clock involved). */

export function addDays(day: string, days: number): string {
  return dayjs(day).add(days, 'day').format('YYYY-MM-DD')
}

export function nextDay(day: string): string {
  return addDays(day, 1)
}

/** Days from…to inclusive. */
export function daysBetween(from: string, to: string): number {
  return dayjs(to).diff(dayjs(from), 'day') + 1
}

/**
 * The period just before, for comparison: whole months compare with the same number of whole months
 * before (November with October, a year with the year before); any other period with the same
 * number of days just before it (a week with the week before).
 */
export function previousPeriod(from: string, to: string): { from: string; to: string } {
  const start = dayjs(from)
  const end = dayjs(to)
  if (start.date() === 1 && end.isSame(end.endOf('month'), 'day')) {
    const months = end.diff(start, 'month') + 1
    const prevStart = start.subtract(months, 'month')
    return { from: prevStart.format('YYYY-MM-DD'), to: start.subtract(1, 'day').format('YYYY-MM-DD') }
  }
  const length = daysBetween(from, to)
  return { from: addDays(from, -length), to: addDays(from, -1) }
}

/** First and last day of a month 'YYYY-MM'. */
export function monthDays(month: string): { from: string; to: string } {
  const first = dayjs(`${month}-01`)
  return { from: first.format('YYYY-MM-DD'), to: first.endOf('month').format('YYYY-MM-DD') }
}

/** The month before the one that contains `day`. */
export function previousMonth(day: string): string {
  return dayjs(day).startOf('month').subtract(1, 'month').format('YYYY-MM')
}

/** The month after 'YYYY-MM'. */
export function nextMonth(month: string): string {
  return dayjs(`${month}-01`).add(1, 'month').format('YYYY-MM')
}
