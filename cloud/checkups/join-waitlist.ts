import type { AppDeps } from '../platform/context'
import { inTransaction } from '../platform/tx'
import type { TJoinWaitlistRequest, TWaitlistEntry } from '../../types/checkups'
import { hasScope, type Actor } from '../org'
import { AppError, isUniqueViolation } from '../platform/errors'
import { newId } from '../platform/ids'
import { recordActingFor } from '../platform/notices'
import { actingFor, CHECKUP_STAFF_ROLES, requireEligible } from './checkups.policy'
import { activeBookingOf } from './repository/bookings'
import { findPerson } from './repository/elders'
import { findSession } from './repository/sessions'
import { findWaitEntry, insertWaitEntry } from './repository/waitlist'
import { requireOpenSession } from './book-checkup'
import { when } from './checkups.text'

/** 候补: wait for a place in a full session. One place in line per elder per campaign. */
export async function joinWaitlist(deps: AppDeps, actor: Actor, input: TJoinWaitlistRequest): Promise<TWaitlistEntry> {
  const db = deps.db.kysely
  const elder = await findPerson(db, input.elderId)
  const acting = await actingFor(db, actor, elder)
  if (!elder) throw new AppError('ELDER_NOT_FOUND')
  const now = deps.clock.now()
  const session = await findSession(db, input.sessionId)
  if (session && acting.as === 'staff' && !hasScope(actor, CHECKUP_STAFF_ROLES, session.community_path)) throw new AppError('SESSION_NOT_FOUND')
  requireOpenSession(session, now, acting.as === 'staff')
  await requireEligible(db, elder, session, acting, undefined)
  if (session.booked + session.held_back < session.capacity) throw new AppError('SESSION_NOT_FULL', { sessionId: session.id })
  const active = await activeBookingOf(db, elder.id, session.campaign_id)
  if (active) throw new AppError('ALREADY_BOOKED', { bookingId: active.id })
  const id = newId()
  try {
    await inTransaction(db, async (tx) => {
      await insertWaitEntry(tx, { id, campaignId: session.campaign_id, sessionId: session.id, elderId: elder.id, requestedBy: actor.userId, now })
      if (acting.as !== 'self')
        await recordActingFor(tx, now, {
          actorId: actor.userId,
          subjectId: elder.id,
          action: 'checkup.waitlisted',
          details: { waitlistId: id, sessionId: session.id },
          notice: { kind: 'checkup.waitlisted', title: `${actor.name}为您登记了体检候补`, body: `${when(session.starts_at)} ${session.place}，有人取消时会通知您。` },
        })
    })
  } catch (error) {
    if (isUniqueViolation(error, 'checkup_waitlist_one_live')) throw new AppError('ALREADY_WAITING')
    throw error
  }
  return (await findWaitEntry(db, id))!.entry
}
