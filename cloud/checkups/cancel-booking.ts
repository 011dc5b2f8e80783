import type { AppDeps } from '../platform/context'
import type { TBooking } from '../../types/checkups'
import type { Actor } from '../org'
import { AppError } from '../platform/errors'
import { notify, recordActingFor } from '../platform/notices'
import { actingFor } from './checkups.policy'
import { toBooking } from './checkups.mappers'
import { cancelBookingRow, findBooking } from './repository/bookings'
import { cancelUntil } from './checkups.time'
import { when } from './checkups.text'
import { inTransaction } from '../platform/tx'
import { releasePlace } from './release-place'

/**
 * Cancels before the cut-off (default 18:00 the day before: staff print rosters then); after it
 * only staff can. The freed place goes to the first elder on the waitlist, or back to everyone.
 */
export async function cancelBooking(deps: AppDeps, actor: Actor, bookingId: string): Promise<TBooking> {
  const db = deps.db.kysely
  const booking = await findBooking(db, bookingId)
  if (!booking) throw new AppError('BOOKING_NOT_FOUND')
  const acting = await actingFor(db, actor, { id: booking.elder_id, community_path: booking.elder_community_path }).catch(() => {
    throw new AppError('BOOKING_NOT_FOUND')
  })
  const now = deps.clock.now()
  if (booking.status !== 'booked') throw new AppError('INVALID_STATE', { status: booking.status })
  const until = cancelUntil(booking.starts_at, booking.cancel_cutoff)
  if (acting.as !== 'staff' && now.getTime() > until.getTime()) {
    throw new AppError('CANCEL_CUTOFF_PASSED', { cancelUntil: until.toISOString() }, `已过取消截止时间（体检前一天 ${booking.cancel_cutoff}），请联系社区工作人员`)
  }
  await inTransaction(
    db,
    async (tx) => {
      const row = await cancelBookingRow(tx, booking.id, actor.userId, now)
      if (!row) throw new AppError('INVALID_STATE')
      await releasePlace(tx, row.session_id, now)
      const body = `${when(booking.starts_at)} ${booking.place} 的体检已取消。`
      if (acting.as === 'self') await notify(tx, now, { userId: booking.elder_id, kind: 'checkup.cancelled', title: '体检已取消', body })
      else
        await recordActingFor(tx, now, {
          actorId: actor.userId,
          subjectId: booking.elder_id,
          action: 'checkup.cancelled',
          details: { bookingId: booking.id },
          notice: { kind: 'checkup.cancelled', title: `${actor.name}为您取消了体检`, body },
        })
    },
    { retries: 5 },
  )
  return toBooking((await findBooking(db, booking.id))!)
}
