import type { AppDeps } from '../platform/context'
import type { Kdb } from '../db/db'
import type { IdempotentAnswer } from '../platform/idempotency'
import type { TBooking, TBookCheckupRequest } from '../../types/checkups'
import type { Actor } from '../org'
import { hasScope } from '../org'
import { AppError } from '../platform/errors'
import { scheduleJob } from '../platform/jobs'
import { actingFor, CHECKUP_STAFF_ROLES, requireEligible, type Acting } from './checkups.policy'
import { bookingContext } from './repository/bookings'
import { fastingFrom, reminderAt, whenText } from './checkups.time'
import { when } from './checkups.text'
import { placeBooking } from './place-booking'

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

export async function scheduleReminder(tx: Kdb, bookingId: string, sessionId: string, startsAt: Date, now: Date): Promise<void> {
  const at = reminderAt(startsAt)
  await scheduleJob(tx, { kind: 'checkups.remind', runAt: at < now ? now : at, payload: { bookingId, sessionId }, dedupeKey: `checkups.remind:${bookingId}:${sessionId}` }, now)
}

/**
 * Books a session for an elder: by the elder, by family with book_checkups, or by staff
 * (counter/phone). One read (elder, consent, session and campaign together), the checks, then the
 * one booking path (placeBooking): one call that writes the booking, the reminder job, the notice
 * and the audit row and takes the place only if one is left; no place or a second active booking
 * for the same elder and campaign (partial unique index) undoes all of it. With an
 * Idempotency-Key (`idempotency`) the answer is stored by that same call.
 */
export async function bookCheckup(deps: AppDeps, actor: Actor, input: TBookCheckupRequest, idempotency: IdempotentAnswer | null = null): Promise<TBooking> {
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

  const channel = channelOf(acting, input.channel)
  const body = `${when(session.starts_at)}，${session.place}。${session.campaign_title}。`
  return placeBooking(
    db,
    actor,
    {
      elder,
      session,
      acting,
      channel,
      overrideReason: input.overrideReason ?? null,
      offerId: null,
      now,
      notice: acting.as === 'self' ? { title: '体检预约成功', body } : { title: `${actor.name}为您预约了体检`, body: `${body}如有疑问可联系社区。` },
      auditDetails: (id) => ({ bookingId: id, sessionId: session.id, channel, overrideReason: input.overrideReason ?? null }),
    },
    idempotency,
  )
}
