import QRCode from 'qrcode'
import type { AppDeps } from '../platform/context'
import type { Actor } from '../org'
import { AppError } from '../platform/errors'
import { addMinutes, formatShanghai } from '../platform/clock'
import { notify } from '../platform/notices'
import { inTransaction } from '../platform/tx'
import type { TBookingPass, TResourceBooking } from '../../types/resources'
import { findBooking, listUserBookings } from './repository/bookings'
import { moveBooking } from './repository/bookings'
import { cancellableBy, isLendingStaff, CANCEL_BEFORE_MINUTES } from './resources.policy'
import { toBooking } from './resources.mappers'
import { signBookingCode } from './booking-code'

/** The caller's bookings from a day ago on (finished ones drop off). */
export async function listMyBookings(deps: AppDeps, actor: Actor): Promise<{ items: TResourceBooking[] }> {
  const now = deps.clock.now()
  return { items: (await listUserBookings(deps.db.kysely, actor.userId, addMinutes(now, -24 * 60))).map((b) => toBooking(b, now)) }
}

/** The check-in QR of an approved booking, for the person who booked it. */
export async function bookingPass(deps: AppDeps, actor: Actor, bookingId: string): Promise<TBookingPass> {
  const booking = await findBooking(deps.db.kysely, bookingId)
  if (!booking || booking.user_id !== actor.userId) throw new AppError('RESOURCE_BOOKING_NOT_FOUND')
  if (booking.status !== 'approved' && booking.status !== 'checked_in') throw new AppError('INVALID_STATE', { status: booking.status })
  const code = signBookingCode(deps.config.jwtSecret, bookingId)
  return { bookingId, code, qrDataUrl: await QRCode.toDataURL(code, { margin: 1, width: 320 }) }
}

/**
 * The booker cancels until 2 h before the start; staff of the lending community any time (the
 * booker is told). The room is free again at once (a cancelled booking no longer holds it).
 */
export async function cancelBooking(deps: AppDeps, actor: Actor, bookingId: string): Promise<TResourceBooking> {
  const db = deps.db.kysely
  const booking = await findBooking(db, bookingId)
  const staff = booking ? isLendingStaff(actor, booking) : false
  if (!booking || (booking.user_id !== actor.userId && !staff)) throw new AppError('RESOURCE_BOOKING_NOT_FOUND')
  const now = deps.clock.now()
  if (!staff && !cancellableBy(booking.status, booking.starts_at, now)) {
    if (booking.status === 'pending' || booking.status === 'approved') throw new AppError('RESOURCE_CANCEL_TOO_LATE', { minutesBefore: CANCEL_BEFORE_MINUTES })
    throw new AppError('INVALID_STATE', { status: booking.status })
  }
  await inTransaction(db, async (tx) => {
    if (!(await moveBooking(tx, bookingId, ['pending', 'approved'], { status: 'cancelled', cancelled_at: now }))) throw new AppError('INVALID_STATE', { status: booking.status })
    if (booking.user_id !== actor.userId) {
      await notify(tx, now, {
        userId: booking.user_id,
        kind: 'resource.cancelled',
        title: `「${booking.resource_name}」的预约已被${booking.community_name}取消`,
        body: formatShanghai(booking.starts_at),
        link: '/packages/resources/mine/index',
      })
    }
  })
  return toBooking((await findBooking(db, bookingId))!, now)
}
