import type { AppDeps } from '../app'
import type { TBooking } from '../../types/checkups'
import { requireScope, type Actor } from '../org/org.policy'
import { AppError } from '../platform/errors'
import { businessDate } from '../platform/clock'
import { CHECKUP_STAFF_ROLES } from './checkups.policy'
import { checkInRow, findBooking, findBookingByCode, toBooking, type BookingRow } from './checkups.repository'

/** 签到 at the site: by the elder's QR code, or by booking id after a name/ID search. On the day only. */
export async function checkInBooking(deps: AppDeps, actor: Actor, by: { code: string } | { bookingId: string }): Promise<TBooking> {
  const db = deps.db.kysely
  const booking: BookingRow | undefined = 'code' in by ? await findBookingByCode(db, by.code) : await findBooking(db, by.bookingId)
  requireScope(actor, CHECKUP_STAFF_ROLES, booking?.campaign_community_path ?? null, 'BOOKING_NOT_FOUND')
  if (!booking) throw new AppError('BOOKING_NOT_FOUND')
  const now = deps.clock.now()
  if (booking.status === 'checked_in') return toBooking(booking)
  if (booking.status !== 'booked' && booking.status !== 'no_show') throw new AppError('INVALID_STATE', { status: booking.status })
  if (businessDate(booking.starts_at) !== businessDate(now)) {
    throw new AppError('RULE_REFUSED', { sessionDate: businessDate(booking.starts_at) }, `这份预约是 ${businessDate(booking.starts_at)} 的，不是今天`)
  }
  await db.transaction().execute(async (tx) => {
    if (!(await checkInRow(tx, booking.id, actor.userId, now))) throw new AppError('INVALID_STATE')
  })
  return toBooking((await findBooking(db, booking.id))!)
}
