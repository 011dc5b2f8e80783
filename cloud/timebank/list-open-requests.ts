import type { AppDeps } from '../platform/context'
import type { Actor } from '../org'
import { requireAnyRole } from '../org'
import type { TOpenRequestsQuery, TServiceRequest } from '../../types/timebank'
import { listOpenNearby } from './repository/groups'
import { listOpenRequests as listOpen } from './repository/requests'
import { toRequestView } from './timebank.mappers'

/**
 * 接单: open requests of the volunteer's community, filtered by type and time; soonest first, or —
 * with the volunteer's position — nearest first within radiusM (附近). Groups the volunteer already
 * has a place in are left out.
 */
export async function listOpenRequests(deps: AppDeps, actor: Actor, q: TOpenRequestsQuery): Promise<{ items: TServiceRequest[]; nextCursor: string | null }> {
  const role = requireAnyRole(actor, ['volunteer'])
  const from = q.from ? new Date(q.from) : undefined
  const to = q.to ? new Date(q.to) : undefined
  const now = deps.clock.now()
  if (q.lat !== undefined && q.lng !== undefined) {
    const rows = await listOpenNearby(deps.db.kysely, {
      communityId: role.orgUnitId,
      now,
      lat: q.lat,
      lng: q.lng,
      meters: q.radiusM,
      serviceType: q.serviceType,
      from,
      to,
      excludeVolunteer: actor.userId,
      limit: q.limit,
    })
    return { items: rows.map((r) => toRequestView(r)), nextCursor: null }
  }
  let cursor: { startsAt: Date; id: string } | undefined
  if (q.cursor) {
    const [at, id] = q.cursor.split('|')
    const startsAt = new Date(at)
    if (!Number.isNaN(startsAt.getTime()) && /^[0-9a-f-]{36}$/.test(id ?? '')) cursor = { startsAt, id }
  }
  const page = await listOpen(deps.db.kysely, { communityId: role.orgUnitId, now, serviceType: q.serviceType, from, to, cursor, excludeVolunteer: actor.userId, limit: q.limit })
  return { items: page.items.map((r) => toRequestView(r)), nextCursor: page.nextCursor }
}
