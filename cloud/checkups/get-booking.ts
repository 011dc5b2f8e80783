import QRCode from 'qrcode'
import type { AppDeps } from '../platform/context'
import type { TBookingDetail } from '../../types/checkups'
import type { Actor } from '../org'
import { AppError } from '../platform/errors'
import { actingFor } from './checkups.policy'
import { toBooking } from './checkups.mappers'
import { findBooking } from './repository/bookings'
import { shortCodeOf } from './check-in-code'

/** One booking with its check-in QR: for the elder, family with book_checkups, and staff in scope. */
export async function getBooking(deps: AppDeps, actor: Actor, bookingId: string): Promise<TBookingDetail> {
  const db = deps.db.kysely
  const booking = await findBooking(db, bookingId)
  if (!booking) throw new AppError('BOOKING_NOT_FOUND')
  await actingFor(db, actor, { id: booking.elder_id, community_path: booking.elder_community_path }).catch(() => {
    throw new AppError('BOOKING_NOT_FOUND')
  })
  const qrDataUrl = await QRCode.toDataURL(`linli:checkup:${booking.check_in_code}`, { margin: 1, width: 320 })
  return { ...toBooking(booking), checkInCode: booking.check_in_code, shortCode: shortCodeOf(booking.check_in_code), qrDataUrl, serverNow: deps.clock.now().toISOString() }
}
