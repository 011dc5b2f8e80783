import { randomBytes } from 'node:crypto'
import type { AppDeps } from '../platform/context'
import type { Kdb } from '../db/db'
import type { TBooking, TBookCheckupRequest } from '../../types/checkups'
import type { Actor } from '../org'
import { hasScope } from '../org'
import { AppError, isUniqueViolation } from '../platform/errors'
import { newId } from '../platform/ids'
import { scheduleJob } from '../platform/jobs'
import { actingFor, CHECKUP_STAFF_ROLES, requireEligible, type Acting } from './checkups.policy'
import { bookInOneCall, bookingContext } from './repository/bookings'
import { sessionCounters } from './repository/sessions'
import { cancelUntil, fastingFrom, reminderAt, whenText } from './checkups.time'
import { when } from './checkups.text'
import { withRetry } from '../platform/tx'

/** Who booked, in the words the elder reads. */
export function channelOf(acting: Acting, requested?: 'counter' | 'phone'): TBooking['channel'] {
  return acting.as === 'self' ? 'self' : acting.as === 'family' ? 'family' : (requested ?? 'counter')
}

/** Refusals about the session itself that need no transaction. */
type OpenCheck = { id: string; status: 'open' | 'closed'; campaign_status: 'open' | 'closed'; starts_at: Date; release_at: Date; fasting?: string }
export function requireOpenSession<S extends OpenCheck>(session: S | undefined, now: Date, byStaff: boolean): asserts session is S {
  if (!session) throw new AppError('SESSION_NOT_FOUND')
  if (session.status !== 'open' || session.campaign_status !== 'open') throw new AppError('SESSION_CLOSED', { sessionId: session.id })
  if (session.starts_at.getTime() <= now.getTime()) throw new AppError('SESSION_PAST', { sessionId: session.id })
  if (!byStaff && now.getTime() < session.release_at.getTime()) throw new AppError('BOOKING_NOT_OPEN', { releaseAt: session.release_at.toISOString() })
  // online booking of a fasting session closes when the fasting starts (an elder booked at 7:00 has
  // had breakfast); at the counter staff can ask the elder and book
  const fastFrom = session.fasting === undefined ? null : fastingFrom(session.starts_at, session.fasting)
  if (!byStaff && fastFrom && now.getTime() >= fastFrom.getTime()) {
    throw new AppError(
      'BOOKING_CLOSED_FASTING',
      { sessionId: session.id, closedAt: fastFrom.toISOString() },
      `这一场要求空腹（${session.fasting}），网上预约在 ${whenText(fastFrom)} 已截止，请选择以后的场次或到社区窗口办理`,
    )
  }
}

/** After `takePlace` found nothing: say why (read inside the same transaction). */
export async function whyNoPlace(tx: Kdb, sessionId: string, now: Date): Promise<AppError> {
  const s = await sessionCounters(tx, sessionId)
  if (s.status !== 'open') return new AppError('SESSION_CLOSED', { sessionId })
  if (s.starts_at.getTime() <= now.getTime()) return new AppError('SESSION_PAST', { sessionId })
  // 已约满: the client offers the waitlist (候补) for this session
  return new AppError('SESSION_FULL', { sessionId, capacity: s.capacity, waitlist: true })
}

export async function scheduleReminder(tx: Kdb, bookingId: string, sessionId: string, startsAt: Date, now: Date): Promise<void> {
  const at = reminderAt(startsAt)
  await scheduleJob(tx, { kind: 'checkups.remind', runAt: at < now ? now : at, payload: { bookingId, sessionId }, dedupeKey: `checkups.remind:${bookingId}:${sessionId}` }, now)
}

/**
 * Books a session for an elder: by the elder, by family with book_checkups, or by staff
 * (counter/phone). One read (elder, consent, session and campaign together), then one call that
 * writes the booking, the reminder job, the notice and the audit row and takes the place only if
 * one is left; no place or a second active booking for the same elder and campaign (partial unique
 * index) undoes all of it.
 */
export async function bookCheckup(deps: AppDeps, actor: Actor, input: TBookCheckupRequest): Promise<TBooking> {
  const db = deps.db.kysely
  const { elder, session } = await bookingContext(db, input.elderId, input.sessionId)
  const acting = await actingFor(db, actor, elder)
  if (!elder) throw new AppError('ELDER_NOT_FOUND')
  const now = deps.clock.now()
  const byStaff = acting.as === 'staff'
  if (input.channel !== undefined && !byStaff) throw new AppError('FORBIDDEN', { field: 'channel' })
  // staff book only into sessions of campaigns they run; others see sessions of their own campaigns
  if (session && byStaff && !hasScope(actor, CHECKUP_STAFF_ROLES, session.community_path)) throw new AppError('SESSION_NOT_FOUND')
  requireOpenSession(session, now, byStaff)
  await requireEligible(db, elder, session, acting, input.overrideReason, elder.healthConsent)

  const id = newId()
  const channel = channelOf(acting, input.channel)
  const checkInCode = randomBytes(18).toString('base64url')
  const body = `${when(session.starts_at)}，${session.place}。${session.campaign_title}。`
  const notice =
    acting.as === 'self'
      ? { userId: elder.id, kind: 'checkup.booked', title: '体检预约成功', body }
      : { userId: elder.id, kind: 'checkup.booked', title: `${actor.name}为您预约了体检`, body: `${body}如有疑问可联系社区。` }
  const noticeId = newId()
  const runAt = reminderAt(session.starts_at)
  let booked: boolean
  try {
    booked = await withRetry(() =>
      bookInOneCall(db, {
        id,
        sessionId: session.id,
        campaignId: session.campaign_id,
        elderId: elder.id,
        channel,
        bookedBy: actor.userId,
        checkInCode,
        overrideReason: input.overrideReason ?? null,
        byStaff,
        now,
        reminder: { id: newId(), runAt: runAt < now ? now : runAt, payload: JSON.stringify({ bookingId: id, sessionId: session.id }), dedupeKey: `checkups.remind:${id}:${session.id}` },
        notice: { id: noticeId, outboxId: newId(), ...notice, outboxPayload: JSON.stringify({ noticeId, ...notice }) },
        // acting for someone else is recorded (who, for whom, what); the elder sees it in the notice
        audit:
          acting.as === 'self'
            ? null
            : {
                id: newId(),
                action: 'checkup.booked',
                details: JSON.stringify({ bookingId: id, sessionId: session.id, channel, overrideReason: input.overrideReason ?? null }),
              },
      }),
      { retries: 5 },
    )
  } catch (error) {
    if (isUniqueViolation(error, 'checkup_bookings_one_active')) throw new AppError('ALREADY_BOOKED', { elderId: elder.id, campaignId: session.campaign_id })
    throw error
  }
  if (!booked) throw await whyNoPlace(db, session.id, now)
  return {
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
}
