import type { AppDeps } from '../platform/context'
import type { TBooking } from '../../types/checkups'
import type { Actor } from '../org'
import { hasScope } from '../org'
import { AppError } from '../platform/errors'
import { CHECKUP_STAFF_ROLES } from './checkups.policy'
import { listBookingsOf } from './repository/bookings'
import { findPerson } from './repository/elders'

/**
 * 窗口预约: the moment staff pick an elder, the counter shows the bookings the elder already has
 * (so nobody offers days to someone who is booked). Staff in the elder's scope only; others: 404.
 */
export async function listElderBookings(deps: AppDeps, actor: Actor, elderId: string): Promise<{ items: TBooking[] }> {
  const db = deps.db.kysely
  const elder = await findPerson(db, elderId)
  if (!elder || !hasScope(actor, CHECKUP_STAFF_ROLES, elder.community_path)) throw new AppError('ELDER_NOT_FOUND')
  return { items: await listBookingsOf(db, [elder.id]) }
}
