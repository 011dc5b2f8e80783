import type { AppDeps } from '../platform/context'
import { requireScope, type Actor } from '../org'
import { AppError } from '../platform/errors'
import { inTransaction } from '../platform/tx'
import type { TResourceBooking } from '../../types/resources'
import { findBooking, moveBooking } from './repository/bookings'
import { CHECK_IN_EARLY_MINUTES, RESOURCE_STAFF_ROLES } from './resources.policy'
import { toBooking } from './resources.mappers'
import { verifyBookingCode } from './booking-code'

/**
 * Staff of the lending community scan the booker's QR: an approved booking checks in from 30 min
 * before its start until its end, once. Another community's booking does not exist for them (404).
 */
export async function checkInBooking(deps: AppDeps, actor: Actor, code: string): Promise<TResourceBooking> {
  const db = deps.db.kysely
  const bookingId = verifyBookingCode(deps.config.jwtSecret, code)
  const booking = await findBooking(db, bookingId)
  requireScope(actor, RESOURCE_STAFF_ROLES, booking?.community_path ?? null, 'RESOURCE_BOOKING_NOT_FOUND')
  const now = deps.clock.now()
  if (booking!.status === 'checked_in') throw new AppError('ALREADY_CHECKED_IN', { checkedInAt: booking!.checked_in_at?.toISOString() })
  if (booking!.status !== 'approved') throw new AppError('INVALID_STATE', { status: booking!.status })
  if (now.getTime() < booking!.starts_at.getTime() - CHECK_IN_EARLY_MINUTES * 60_000 || now >= booking!.ends_at) {
    throw new AppError('RESOURCE_CHECK_IN_CLOSED', { startsAt: booking!.starts_at.toISOString(), endsAt: booking!.ends_at.toISOString() })
  }
  await inTransaction(db, async (tx) => {
    if (!(await moveBooking(tx, bookingId, ['approved'], { status: 'checked_in', checked_in_at: now, checked_in_by: actor.userId }))) throw new AppError('INVALID_STATE')
  })
  return toBooking((await findBooking(db, bookingId))!, now)
}
