import type { AppDeps } from '../platform/context'
import type { TSession, TUpdateSessionRequest } from '../../types/checkups'
import { requireScope, type Actor } from '../org'
import { AppError } from '../platform/errors'
import { notify } from '../platform/notices'
import { CHECKUP_STAFF_ROLES } from './checkups.policy'
import { toSession } from './checkups.mappers'
import { countActiveBookings, lastBookingsOf, moveBookingsTo } from './repository/bookings'
import { findSession, lockSessions, movePlaces, sessionCounters, updateSessionRow } from './repository/sessions'
import { scheduleReminder } from './book-checkup'
import { when } from './checkups.text'
import { inTransaction } from '../platform/tx'

/**
 * Shrinking or closing a session that has bookings asks where they go: with `moveTo` the
 * bookings that no longer fit (the latest first) move there in the same transaction and each
 * elder is told; without it the edit is refused and nothing changes.
 */
export async function updateSession(deps: AppDeps, actor: Actor, sessionId: string, input: TUpdateSessionRequest): Promise<TSession> {
  const db = deps.db.kysely
  const session = await findSession(db, sessionId)
  requireScope(actor, CHECKUP_STAFF_ROLES, session?.community_path ?? null, 'SESSION_NOT_FOUND')
  if (!session) throw new AppError('SESSION_NOT_FOUND')
  const now = deps.clock.now()
  const target = input.moveTo ? await findSession(db, input.moveTo) : undefined
  if (input.moveTo && (!target || target.campaign_id !== session.campaign_id || target.id === session.id)) throw new AppError('SESSION_NOT_FOUND', { field: 'moveTo' })

  await inTransaction(
    db,
    async (tx) => {
      await lockSessions(tx, target ? [session.id, target.id] : [session.id])
      const current = await sessionCounters(tx, session.id)
      const closing = input.status === 'closed' && current.status === 'open'
      const capacity = input.capacity ?? current.capacity
      const active = await countActiveBookings(tx, session.id)
      const toMove = closing ? active : Math.max(current.booked - capacity, 0)
      if (toMove > 0) {
        if (!target) throw new AppError('SESSION_HAS_BOOKINGS', { booked: current.booked, capacity, toMove })
        const moving = await lastBookingsOf(tx, session.id, toMove)
        // places held for a waitlist offer cannot be moved: wait for the offer to end
        if (moving.length < toMove) throw new AppError('SESSION_HAS_BOOKINGS', { booked: current.booked, capacity, toMove, offersOutstanding: toMove - moving.length })
        if (target.status !== 'open' || target.starts_at.getTime() <= now.getTime()) throw new AppError('SESSION_CLOSED', { sessionId: target.id })
        if (!(await movePlaces(tx, session.id, target.id, toMove, now))) throw new AppError('SESSION_FULL', { sessionId: target.id, toMove })
        await moveBookingsTo(
          tx,
          moving.map((m) => m.id),
          target.id,
          now,
        )
        for (const m of moving) {
          await scheduleReminder(tx, m.id, target.id, target.starts_at, now)
          await notify(tx, now, {
            userId: m.elder_id,
            kind: 'checkup.moved',
            title: '体检时间有调整',
            body: `原定 ${when(session.starts_at)} 的体检改到 ${when(target.starts_at)}，${target.place}。不方便可以在「体检预约」里改约，或联系社区。`,
          })
        }
      }
      await updateSessionRow(tx, session.id, { capacity: input.capacity, place: input.place, status: input.status })
    },
    { retries: 5 },
  )
  const after = (await findSession(db, session.id))!
  return toSession(after, after.held_back, now)
}
