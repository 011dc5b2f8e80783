import type { AppDeps } from '../platform/context'
import { requireScope, type Actor } from '../org'
import { AppError } from '../platform/errors'
import { formatShanghai } from '../platform/clock'
import { notify } from '../platform/notices'
import { inTransaction } from '../platform/tx'
import type { TDecideBooking, TResourceBooking } from '../../types/resources'
import { findBooking, moveBooking } from './repository/bookings'
import { RESOURCE_STAFF_ROLES } from './resources.policy'
import { toBooking } from './resources.mappers'

/** Staff of the lending community approve or refuse (with a reason) a pending booking, once; the booker is told. */
export async function decideBooking(deps: AppDeps, actor: Actor, bookingId: string, input: TDecideBooking): Promise<TResourceBooking> {
  const db = deps.db.kysely
  const booking = await findBooking(db, bookingId)
  requireScope(actor, RESOURCE_STAFF_ROLES, booking?.community_path ?? null, 'RESOURCE_BOOKING_NOT_FOUND')
  if (input.decision === 'refuse' && !input.note) throw new AppError('INVALID_INPUT', { fields: { note: '请写明不通过的原因' } })
  const now = deps.clock.now()
  const approve = input.decision === 'approve'
  await inTransaction(db, async (tx) => {
    const moved = await moveBooking(tx, bookingId, ['pending'], { status: approve ? 'approved' : 'refused', decided_by: actor.userId, decided_at: now, decision_note: input.note ?? null })
    if (!moved) throw new AppError('INVALID_STATE', { status: booking!.status })
    await notify(tx, now, {
      userId: booking!.user_id,
      kind: 'resource.decided',
      title: approve ? `「${booking!.resource_name}」预约已通过` : `「${booking!.resource_name}」预约未通过`,
      body: approve ? `${formatShanghai(booking!.starts_at)}，到场出示二维码签到。` : `原因：${input.note}`,
      link: '/packages/resources/mine/index',
    })
  })
  return toBooking((await findBooking(db, bookingId))!, now)
}
