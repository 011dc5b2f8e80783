import dayjs from 'dayjs'
import { businessDate, shanghaiTime } from '../platform/clock'

/** Cancel cut-off: the campaign's wall-clock time (default 18:00) on the day before the session. */
export function cancelUntil(startsAt: Date, cutoff: string): Date {
  const day = dayjs(businessDate(startsAt)).subtract(1, 'day').format('YYYY-MM-DD')
  return shanghaiTime(day, cutoff)
}

/** Reminder time: 10:00 the day before, so there is still time to cancel before the cut-off. */
export function reminderAt(startsAt: Date): Date {
  const day = dayjs(businessDate(startsAt)).subtract(1, 'day').format('YYYY-MM-DD')
  return shanghaiTime(day, '10:00')
}
