import type { AppDeps } from '../platform/context'
import type { Actor } from '../org'
import { maskPhone } from '../platform/privacy'
import type { TPointsResident } from '../../types/points'
import { searchResidents } from './repository/accounts'
import { staffCommunity } from './points.policy'

/** Staff find a resident of their community (name or phone digits) before adjusting points. */
export async function searchPointsResidents(deps: AppDeps, actor: Actor, input: { q: string; communityId?: string }): Promise<{ items: TPointsResident[] }> {
  const community = await staffCommunity(deps.db.kysely, actor, input.communityId)
  const rows = await searchResidents(deps.db.kysely, community.id, input.q, 20)
  return { items: rows.map((r) => ({ userId: r.id, name: r.name, phone: maskPhone(r.phone), available: r.available, held: r.held })) }
}
