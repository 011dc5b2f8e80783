import { randomBytes } from 'node:crypto'
import type { AppDeps } from '../app'
import type { Kdb } from '../db/db'
import type { TBooking, TBookCheckupRequest } from '../../types/checkups'
import type { Actor } from '../org/org.policy'
import { hasScope } from '../org/org.policy'
import { AppError, isUniqueViolation } from '../platform/errors'
import { newId } from '../platform/ids'
import { scheduleJob } from '../platform/jobs'
import { notify, recordActingFor } from '../platform/notices'
import { actingFor, CHECKUP_STAFF_ROLES, requireEligible, type Acting } from './checkups.policy'
import { findBooking, findPerson, findSession, insertBooking, sessionCounters, takePlace, toBooking, withdrawWaiting, type SessionRow } from './checkups.repository'
import { reminderAt } from './checkups.time'
import { when } from './checkups.text'
import { inTransaction } from './checkups.tx'

/** Who booked, in the words the elder reads. */
export function channelOf(acting: Acting, requested?: 'counter' | 'phone'): TBooking['channel'] {
  return acting.as === 'self' ? 'self' : acting.as === 'family' ? 'family' : (requested ?? 'counter')
}

/** Refusals about the session itself that need no transaction. */
export function requireOpenSession(session: SessionRow | undefined, now: Date, byStaff: boolean): asserts session is SessionRow {
  if (!session) throw new AppError('SESSION_NOT_FOUND')
  if (session.status !== 'open' || session.campaign_status !== 'open') throw new AppError('SESSION_CLOSED', { sessionId: session.id })
  if (session.starts_at.getTime() <= now.getTime()) throw new AppError('SESSION_PAST', { sessionId: session.id })
  if (!byStaff && now.getTime() < session.release_at.getTime()) throw new AppError('BOOKING_NOT_OPEN', { releaseAt: session.release_at.toISOString() })
}

/** After `takePlace` found nothing: say why (read inside the same transaction). */
export async function whyNoPlace(tx: Kdb, sessionId: string, now: Date): Promise<AppError> {
  const s = await sessionCounters(tx, sessionId)
  if (s.status !== 'open') return new AppError('SESSION_CLOSED', { sessionId })
  const row = await tx.selectFrom('checkup_sessions').select('starts_at').where('id', '=', sessionId).executeTakeFirstOrThrow()
  if (row.starts_at.getTime() <= now.getTime()) return new AppError('SESSION_PAST', { sessionId })
  // 已约满: the client offers the waitlist (候补) for this session
  return new AppError('SESSION_FULL', { sessionId, capacity: s.capacity, waitlist: true })
}

export async function scheduleReminder(tx: Kdb, bookingId: string, sessionId: string, startsAt: Date, now: Date): Promise<void> {
  const at = reminderAt(startsAt)
  await scheduleJob(tx, { kind: 'checkups.remind', runAt: at < now ? now : at, payload: { bookingId, sessionId }, dedupeKey: `checkups.remind:${bookingId}:${sessionId}` }, now)
}

/**
 * Books a session for an elder: by the elder, by family with book_checkups, or by staff
 * (counter/phone). The place is taken by one conditional UPDATE in the same transaction as the
 * booking row; a second active booking for the same elder and campaign is refused by the
 * partial unique index, which also undoes the place taken.
 */
export async function bookCheckup(deps: AppDeps, actor: Actor, input: TBookCheckupRequest): Promise<TBooking> {
  const db = deps.db.kysely
  const elder = await findPerson(db, input.elderId)
  const acting = await actingFor(db, actor, elder)
  if (!elder) throw new AppError('ELDER_NOT_FOUND')
  const now = deps.clock.now()
  const byStaff = acting.as === 'staff'
  if (input.channel !== undefined && !byStaff) throw new AppError('FORBIDDEN', { field: 'channel' })
  const session = await findSession(db, input.sessionId)
  // staff book only into sessions of campaigns they run; others see sessions of their own campaigns
  if (session && byStaff && !hasScope(actor, CHECKUP_STAFF_ROLES, session.community_path)) throw new AppError('SESSION_NOT_FOUND')
  requireOpenSession(session, now, byStaff)
  await requireEligible(db, elder, session, acting, input.overrideReason)

  const id = newId()
  try {
    await inTransaction(db, async (tx) => {
      if (!(await takePlace(tx, session.id, now, byStaff))) throw await whyNoPlace(tx, session.id, now)
      await insertBooking(tx, {
        id,
        campaignId: session.campaign_id,
        sessionId: session.id,
        elderId: elder.id,
        channel: channelOf(acting, input.channel),
        bookedBy: actor.userId,
        checkInCode: randomBytes(18).toString('base64url'),
        overrideReason: input.overrideReason ?? null,
        now,
      })
      await withdrawWaiting(tx, elder.id, session.campaign_id, now)
      await scheduleReminder(tx, id, session.id, session.starts_at, now)
      const body = `${when(session.starts_at)}，${session.place}。${session.campaign_title}。`
      if (acting.as === 'self') {
        await notify(tx, now, { userId: elder.id, kind: 'checkup.booked', title: '体检预约成功', body })
      } else {
        await recordActingFor(tx, now, {
          actorId: actor.userId,
          subjectId: elder.id,
          action: 'checkup.booked',
          details: { bookingId: id, sessionId: session.id, channel: channelOf(acting, input.channel), overrideReason: input.overrideReason ?? null },
          notice: { kind: 'checkup.booked', title: `${actor.name}为您预约了体检`, body: `${body}如有疑问可联系社区。` },
        })
      }
    })
  } catch (error) {
    if (isUniqueViolation(error, 'checkup_bookings_one_active')) throw new AppError('ALREADY_BOOKED', { elderId: elder.id, campaignId: session.campaign_id })
    throw error
  }
  return toBooking((await findBooking(db, id))!)
}
