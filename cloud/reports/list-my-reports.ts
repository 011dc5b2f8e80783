import type { AppDeps } from '../platform/context'
import type { TReportPage } from '../../types/reports'
import type { Actor } from '../org'
import { listReports } from './repository/lists'
import { toSummary } from './reports.mappers'

/** 我的随手拍: newest first, with status, deadline and overdue badge. */
export async function listMyReports(deps: AppDeps, actor: Actor, q: { limit: number; cursor?: string }): Promise<TReportPage> {
  const now = deps.clock.now()
  const page = await listReports(deps.db.kysely, { reporterId: actor.userId }, q.limit, q.cursor)
  return { items: page.items.map((r) => toSummary(r, deps.storage, now)), nextCursor: page.nextCursor }
}
