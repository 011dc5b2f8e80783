import type { AppDeps } from '../platform/context'
import type { TReportPage } from '../../types/reports'
import type { Actor } from '../org'
import { AppError } from '../platform/errors'
import { listReports } from './repository/lists'
import { toSummary } from './reports.mappers'

/** The public list of open reports in my community (anonymised: no reporter, no exact address). */
export async function listCommunityReports(deps: AppDeps, actor: Actor, q: { limit: number; cursor?: string }): Promise<TReportPage> {
  if (!actor.communityId) throw new AppError('COMMUNITY_REQUIRED')
  const now = deps.clock.now()
  const page = await listReports(deps.db.kysely, { communityId: actor.communityId, openOnly: true }, q.limit, q.cursor)
  return { items: page.items.map((r) => toSummary(r, deps.storage, now)), nextCursor: page.nextCursor }
}
