import type { AppDeps } from '../platform/context'
import type { TBooking } from '../../types/checkups'
import type { Actor } from '../org'
import { AppError } from '../platform/errors'
import type { IdempotentAnswer } from '../platform/idempotency'
import { actingFor } from './checkups.policy'
import { bookingContext } from './repository/bookings'
import { findWaitEntry } from './repository/waitlist'
import { when } from './checkups.text'
import { placeBooking } from './place-booking'

/**
 * Accepting a 候补 offer in time books the held place through the one booking path (placeBooking),
 * like a direct booking: the offer is closed by a conditional update (still offered, not expired)
 * in the same call that writes the booking. The place was already counted in `booked` when it was
 * offered, so capacity does not move.
 */
export async function acceptOffer(deps: AppDeps, actor: Actor, waitlistId: string, idempotency: IdempotentAnswer | null = null): Promise<TBooking> {
  const db = deps.db.kysely
  const found = await findWaitEntry(db, waitlistId)
  if (!found) throw new AppError('WAITLIST_NOT_FOUND')
  const { elder, session } = await bookingContext(db, found.row.elder_id, found.row.session_id)
  const acting = await actingFor(db, actor, elder).catch(() => {
    throw new AppError('WAITLIST_NOT_FOUND')
  })
  const now = deps.clock.now()
  if (found.row.status !== 'offered') throw new AppError('INVALID_STATE', { status: found.row.status })
  if (found.row.offer_expires_at && found.row.offer_expires_at.getTime() <= now.getTime()) throw new AppError('OFFER_EXPIRED')
  if (!elder || !session) throw new AppError('WAITLIST_NOT_FOUND')
  const body = `${when(session.starts_at)}，${session.place}。`
  return placeBooking(
    db,
    actor,
    {
      elder,
      session,
      acting,
      channel: 'waitlist',
      overrideReason: null,
      offerId: waitlistId,
      now,
      notice: acting.as === 'self' ? { title: '候补成功，体检已预约', body } : { title: `${actor.name}为您确认了候补名额`, body },
      auditDetails: (id) => ({ bookingId: id, waitlistId }),
    },
    idempotency,
  )
}
