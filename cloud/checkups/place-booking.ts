import { randomBytes } from 'node:crypto'
import type { Kdb } from '../db/db'
import type { TBooking } from '../../types/checkups'
import type { Actor } from '../org'
import { AppError, isUniqueViolation } from '../platform/errors'
import { IdempotencyKeyTaken, type IdempotentAnswer } from '../platform/idempotency'
import { newId } from '../platform/ids'
import { withRetry } from '../platform/tx'
import type { Acting } from './checkups.policy'
import { cancelUntil, reminderAt } from './checkups.time'
import type { toBookingContext } from './checkups.mappers'
import { bookInOneCall } from './repository/book-batch'
import { sessionCounters } from './repository/sessions'

type Context = ReturnType<typeof toBookingContext>
export type BookingElder = NonNullable<Context['elder']>
export type BookingSession = NonNullable<Context['session']>

/** After no place was found: say why (closed, past, or full — then the client offers the waitlist). */
export async function whyNoPlace(tx: Kdb, sessionId: string, now: Date): Promise<AppError> {
  const s = await sessionCounters(tx, sessionId)
  if (s.status !== 'open') return new AppError('SESSION_CLOSED', { sessionId })
  if (s.starts_at.getTime() <= now.getTime()) return new AppError('SESSION_PAST', { sessionId })
  // 已约满: the client offers the waitlist (候补) for this session
  return new AppError('SESSION_FULL', { sessionId, capacity: s.capacity, waitlist: true })
}

/**
 * The one booking path: a direct booking (bookCheckup) and an accepted 候补 offer (acceptOffer)
 * both end here, after their own access and rule checks. One call of `checkup_book` writes the
 * booking, the reminder, the notice and (for someone else) the audit row, and takes the place —
 * or, with `offerId`, uses the place the offer holds. With an Idempotency-Key its answer is stored
 * by the same statement.
 */
export async function placeBooking(
  db: Kdb,
  actor: Actor,
  b: {
    elder: BookingElder
    session: BookingSession
    acting: Acting
    channel: TBooking['channel']
    overrideReason: string | null
    offerId: string | null
    now: Date
    notice: { title: string; body: string }
    /** What the audit row says when acting for someone else. */
    auditDetails: (bookingId: string) => Record<string, unknown>
  },
  idempotency: IdempotentAnswer | null,
): Promise<TBooking> {
  const { elder, session, now, channel } = b
  const id = newId()
  const noticeId = newId()
  const notice = { userId: elder.id, kind: 'checkup.booked', ...b.notice }
  const runAt = reminderAt(session.starts_at)
  const booking: TBooking = {
    id,
    campaignId: session.campaign_id,
    campaignTitle: session.campaign_title,
    elderId: elder.id,
    elderName: elder.name,
    status: 'booked',
    channel,
    bookedById: actor.userId,
    bookedByName: actor.name,
    session: { id: session.id, startsAt: session.starts_at.toISOString(), endsAt: session.ends_at.toISOString(), place: session.place },
    bring: session.bring,
    fasting: session.fasting,
    cancelUntil: cancelUntil(session.starts_at, session.cancel_cutoff).toISOString(),
    createdAt: now.toISOString(),
    checkedInAt: null,
  }
  let outcome: Awaited<ReturnType<typeof bookInOneCall>>
  try {
    outcome = await withRetry(
      () =>
        bookInOneCall(
          db,
          {
            id,
            sessionId: session.id,
            campaignId: session.campaign_id,
            elderId: elder.id,
            channel,
            bookedBy: actor.userId,
            checkInCode: randomBytes(18).toString('base64url'),
            overrideReason: b.overrideReason,
            byStaff: b.acting.as === 'staff',
            offerId: b.offerId,
            now,
            reminder: { id: newId(), runAt: runAt < now ? now : runAt, payload: JSON.stringify({ bookingId: id, sessionId: session.id }), dedupeKey: `checkups.remind:${id}:${session.id}` },
            notice: { id: noticeId, outboxId: newId(), ...notice, outboxPayload: JSON.stringify({ noticeId, ...notice }) },
            // acting for someone else is recorded (who, for whom, what); the elder sees it in the notice
            audit: b.acting.as === 'self' ? null : { id: newId(), action: 'checkup.booked', details: JSON.stringify(b.auditDetails(id)) },
          },
          idempotency && { key: idempotency, body: booking },
        ),
      { retries: 5 },
    )
  } catch (error) {
    if (isUniqueViolation(error, 'checkup_bookings_one_active')) throw new AppError('ALREADY_BOOKED', { elderId: elder.id, campaignId: session.campaign_id })
    throw error
  }
  if (outcome === 'key-taken') throw new IdempotencyKeyTaken()
  if (outcome === 'offer-gone') throw new AppError('OFFER_EXPIRED')
  if (outcome === 'no-place') throw await whyNoPlace(db, session.id, now)
  return booking
}
