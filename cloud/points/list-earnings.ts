import type { AppDeps } from '../platform/context'
import type { Actor } from '../org'
import type { TEarning } from '../../types/points'
import { listEarnings } from './repository/earnings'
import { staffCommunity } from './points.policy'
import { toEarning } from './points.mappers'

/** Review queue: applications waiting for staff (or decided ones, by status). */
export async function listEarningQueue(
  deps: AppDeps,
  actor: Actor,
  q: { status: 'pending' | 'credited' | 'capped' | 'rejected'; limit: number; cursor?: string; communityId?: string },
): Promise<{ items: TEarning[]; nextCursor: string | null }> {
  const community = await staffCommunity(deps.db.kysely, actor, q.communityId)
  if (q.cursor !== undefined && !/^[0-9a-f-]{36}$/.test(q.cursor)) return { items: [], nextCursor: null }
  const rows = await listEarnings(deps.db.kysely, community.id, q.status, q.limit, q.cursor)
  const page = rows.slice(0, q.limit)
  return { items: page.map(toEarning), nextCursor: rows.length > q.limit ? page[page.length - 1].id : null }
}
