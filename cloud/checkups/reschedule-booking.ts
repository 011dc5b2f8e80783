import type { AppDeps } from '../platform/context'
import type { TBooking, TRescheduleBookingRequest } from '../../types/checkups'
import type { Actor } from '../org'
import { AppError } from '../platform/errors'
import { recordActingFor, notify } from '../platform/notices'
import { actingFor } from './checkups.policy'
import { toBooking } from './checkups.mappers'
import { findBooking, lockBooking, setBookingSession } from './repository/bookings'
import { findSession, lockSessions, takePlace } from './repository/sessions'
import { cancelUntil } from './checkups.time'
import { when } from './checkups.text'
import { inTransaction } from '../platform/tx'
import { requireOpenSession, scheduleReminder } from './book-checkup'
import { whyNoPlace } from './place-booking'
import { releasePlace } from './release-place'

/**
 * Moves a booking to another session of the same campaign in one transaction: the new place is
 * taken first, then the old one released, so the elder never has none or two. Both session rows
 * are locked in id order, so swaps in opposite directions wait for each other instead of deadlocking.
 */
export async function rescheduleBooking(deps: AppDeps, actor: Actor, bookingId: string, input: TRescheduleBookingRequest): Promise<TBooking> {
  const db = deps.db.kysely
  const booking = await findBooking(db, bookingId)
  if (!booking) throw new AppError('BOOKING_NOT_FOUND')
  const acting = await actingFor(db, actor, { id: booking.elder_id, community_path: booking.elder_community_path }).catch(() => {
    throw new AppError('BOOKING_NOT_FOUND')
  })
  const now = deps.clock.now()
  const byStaff = acting.as === 'staff'
  if (booking.status !== 'booked') throw new AppError('INVALID_STATE', { status: booking.status })
  if (!byStaff && now.getTime() > cancelUntil(booking.starts_at, booking.cancel_cutoff).getTime()) {
    throw new AppError(
      'CANCEL_CUTOFF_PASSED',
      { cancelUntil: cancelUntil(booking.starts_at, booking.cancel_cutoff).toISOString() },
      `已过改约截止时间（体检前一天 ${booking.cancel_cutoff}），请联系社区工作人员`,
    )
  }
  const target = await findSession(db, input.sessionId)
  if (!target || target.campaign_id !== booking.campaign_id) throw new AppError('SESSION_NOT_FOUND')
  if (target.id === booking.session_id) throw new AppError('INVALID_STATE', { sessionId: target.id }, '已经约在这一场了')
  requireOpenSession(target, now, byStaff)

  await inTransaction(
    db,
    async (tx) => {
      const locked = await lockBooking(tx, booking.id)
      if (!locked || locked.status !== 'booked') throw new AppError('INVALID_STATE', { status: locked?.status })
      if (locked.session_id === target.id) throw new AppError('INVALID_STATE', { sessionId: target.id }, '已经约在这一场了')
      await lockSessions(tx, [locked.session_id, target.id])
      if (!(await takePlace(tx, target.id, now, byStaff))) throw await whyNoPlace(tx, target.id, now)
      await setBookingSession(tx, booking.id, target.id, now)
      await releasePlace(tx, locked.session_id, now)
      await scheduleReminder(tx, booking.id, target.id, target.starts_at, now)
      const body = `体检改到 ${when(target.starts_at)}，${target.place}。`
      if (acting.as === 'self') await notify(tx, now, { userId: booking.elder_id, kind: 'checkup.rescheduled', title: '体检已改约', body })
      else
        await recordActingFor(tx, now, {
          actorId: actor.userId,
          subjectId: booking.elder_id,
          action: 'checkup.rescheduled',
          details: { bookingId: booking.id, from: locked.session_id, to: target.id },
          notice: { kind: 'checkup.rescheduled', title: `${actor.name}为您改约了体检`, body },
        })
    },
    { retries: 5 },
  )
  return toBooking((await findBooking(db, booking.id))!)
}
