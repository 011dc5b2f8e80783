import type { AppDeps } from '../app'
import type { Actor } from '../org/org.policy'
import { requireAnyRole } from '../org/org.policy'
import type { TOpenRequestsQuery, TServiceRequest } from '../../types/timebank'
import { listOpenRequests as listOpen } from './timebank.repository'
import { toRequestView } from './timebank.view'

/** 接单: open requests of the volunteer's community, soonest first, filtered by type and time. */
export async function listOpenRequests(deps: AppDeps, actor: Actor, q: TOpenRequestsQuery): Promise<{ items: TServiceRequest[]; nextCursor: string | null }> {
  const role = requireAnyRole(actor, ['volunteer'])
  let cursor: { startsAt: Date; id: string } | undefined
  if (q.cursor) {
    const [at, id] = q.cursor.split('|')
    const startsAt = new Date(at)
    if (!Number.isNaN(startsAt.getTime()) && /^[0-9a-f-]{36}$/.test(id ?? '')) cursor = { startsAt, id }
  }
  const page = await listOpen(deps.db.kysely, {
    communityId: role.orgUnitId,
    now: deps.clock.now(),
    serviceType: q.serviceType,
    from: q.from ? new Date(q.from) : undefined,
    to: q.to ? new Date(q.to) : undefined,
    cursor,
    limit: q.limit,
  })
  return { items: page.items.map((r) => toRequestView(r)), nextCursor: page.nextCursor }
}
