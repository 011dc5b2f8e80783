import { randomBytes } from 'node:crypto'
import type { AppDeps } from '../platform/context'
import type { TBooking } from '../../types/checkups'
import type { Actor } from '../org'
import { AppError, isUniqueViolation } from '../platform/errors'
import { newId } from '../platform/ids'
import { notify, recordActingFor } from '../platform/notices'
import { actingFor } from './checkups.policy'
import { toBooking } from './checkups.mappers'
import { findBooking, insertBooking } from './repository/bookings'
import { findPerson } from './repository/elders'
import { closeOffer, findWaitEntry } from './repository/waitlist'
import { scheduleReminder } from './book-checkup'
import { when } from './checkups.text'
import { inTransaction } from '../platform/tx'

/**
 * Accepting a 候补 offer in time books the held place: the offer is closed by a conditional
 * UPDATE (still offered, not expired) and the booking written in the same transaction. The place
 * was already counted in `booked` when it was offered, so capacity does not move.
 */
export async function acceptOffer(deps: AppDeps, actor: Actor, waitlistId: string): Promise<TBooking> {
  const db = deps.db.kysely
  const found = await findWaitEntry(db, waitlistId)
  if (!found) throw new AppError('WAITLIST_NOT_FOUND')
  const elder = await findPerson(db, found.row.elder_id)
  const acting = await actingFor(db, actor, elder).catch(() => {
    throw new AppError('WAITLIST_NOT_FOUND')
  })
  const now = deps.clock.now()
  if (found.row.status !== 'offered') throw new AppError('INVALID_STATE', { status: found.row.status })
  if (found.row.offer_expires_at && found.row.offer_expires_at.getTime() <= now.getTime()) throw new AppError('OFFER_EXPIRED')
  const id = newId()
  try {
    await inTransaction(db, async (tx) => {
      const offer = await closeOffer(tx, waitlistId, now, 'accepted', null)
      if (!offer) throw new AppError('OFFER_EXPIRED')
      await insertBooking(tx, {
        id,
        campaignId: offer.campaign_id,
        sessionId: offer.session_id,
        elderId: offer.elder_id,
        channel: 'waitlist',
        bookedBy: actor.userId,
        checkInCode: randomBytes(18).toString('base64url'),
        overrideReason: null,
        now,
      })
      await tx.updateTable('checkup_waitlist').set({ booking_id: id }).where('id', '=', waitlistId).execute()
      await scheduleReminder(tx, id, offer.session_id, found.row.starts_at, now)
      const body = `${when(found.row.starts_at)}，${found.row.place}。`
      if (acting.as === 'self') await notify(tx, now, { userId: offer.elder_id, kind: 'checkup.booked', title: '候补成功，体检已预约', body })
      else
        await recordActingFor(tx, now, {
          actorId: actor.userId,
          subjectId: offer.elder_id,
          action: 'checkup.booked',
          details: { bookingId: id, waitlistId },
          notice: { kind: 'checkup.booked', title: `${actor.name}为您确认了候补名额`, body },
        })
    }, { retries: 5 })
  } catch (error) {
    if (isUniqueViolation(error, 'checkup_bookings_one_active')) throw new AppError('ALREADY_BOOKED')
    throw error
  }
  return toBooking((await findBooking(db, id))!)
}
