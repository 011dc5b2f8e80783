import type { AppDeps } from '../platform/context'
import type { Actor } from '../org'
import type { TServiceRequest } from '../../types/timebank'
import { listRequestsForFamily, listRequestsOf } from './repository/requests'
import { toRequestView } from './timebank.mappers'
import { TIMEBANK_STAFF_ROLES } from './timebank.policy'

/** 我的请求 (for me or made by me, plus those of elders I am linked to) or 我的服务 (as volunteer). */
export async function listMyRequests(deps: AppDeps, actor: Actor, q: { role: 'mine' | 'serving'; limit: number; cursor?: string }): Promise<{ items: TServiceRequest[]; nextCursor: string | null }> {
  const db = deps.db.kysely
  const page = await listRequestsOf(db, actor.userId, q.role, q.limit, q.cursor && /^[0-9a-f-]{36}$/.test(q.cursor) ? q.cursor : undefined, TIMEBANK_STAFF_ROLES)
  if (q.role === 'mine' && !q.cursor) {
    const seen = new Set(page.items.map((r) => r.id))
    for (const r of await listRequestsForFamily(db, actor.userId, q.limit)) if (!seen.has(r.id)) page.items.push(r)
    page.items.sort((a, b) => (a.id < b.id ? 1 : -1))
  }
  return { items: page.items.map((r) => toRequestView(r)), nextCursor: page.nextCursor }
}
