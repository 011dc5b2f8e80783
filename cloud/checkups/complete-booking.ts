import type { AppDeps } from '../platform/context'
import { inTransaction } from '../platform/tx'
import type { TBooking } from '../../types/checkups'
import { requireScope, type Actor } from '../org'
import { AppError } from '../platform/errors'
import { notifyElderAndFamily } from '../platform/notices'
import { CHECKUP_STAFF_ROLES } from './checkups.policy'
import { toBooking } from './checkups.mappers'
import { findBooking, markDoneRow } from './repository/bookings'

/** The checkup was done (not the medical results themselves: those stay with the health centre). */
export async function completeBooking(deps: AppDeps, actor: Actor, bookingId: string): Promise<TBooking> {
  const db = deps.db.kysely
  const booking = await findBooking(db, bookingId)
  requireScope(actor, CHECKUP_STAFF_ROLES, booking?.campaign_community_path ?? null, 'BOOKING_NOT_FOUND')
  if (!booking) throw new AppError('BOOKING_NOT_FOUND')
  const now = deps.clock.now()
  await inTransaction(db, async (tx) => {
    if (!(await markDoneRow(tx, booking.id, now))) throw new AppError('INVALID_STATE', { status: booking.status })
    const link = `/packages/checkups/booking/index?id=${booking.id}`
    await notifyElderAndFamily(
      tx,
      now,
      booking.elder_id,
      { kind: 'checkup.done', title: '体检已完成', body: '今年的免费体检已完成，结果请留意卫生服务中心的通知。', link },
      { kind: 'checkup.done', title: `${booking.elder_name}的体检已完成`, body: `${booking.elder_name}今年的免费体检已完成，结果请留意卫生服务中心的通知。`, link },
    )
  })
  return toBooking((await findBooking(db, booking.id))!)
}
