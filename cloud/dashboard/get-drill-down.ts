import type { AppDeps } from '../platform/context'
import type { Actor } from '../org'
import type { TDrillQuery, TDrillRow } from '../../types/dashboard'
import { categoryName } from '../reports'
import { dashboardScope } from './dashboard.policy'
import { drillRows } from './repository/drill'

/** The reports behind a figure (e.g. 当前超期 → the overdue reports), newest first. */
export async function getDrillDown(deps: AppDeps, actor: Actor, query: TDrillQuery): Promise<{ items: TDrillRow[]; nextCursor: string | null }> {
  const db = deps.db.kysely
  const { filter } = await dashboardScope(db, actor, query.orgUnitId)
  const rows = await drillRows(db, query.figure, filter, query.from, query.to, deps.clock.now(), { limit: query.limit + 1, cursor: query.cursor })
  const page = rows.slice(0, query.limit)
  return {
    items: page.map((r) => ({
      id: r.id,
      number: r.number,
      category: r.category,
      categoryName: categoryName(r.category),
      status: r.status,
      communityName: r.community_name,
      gridName: r.grid_name,
      createdAt: new Date(r.created_at).toISOString(),
      deadlineAt: new Date(r.deadline_at).toISOString(),
      at: r.at ? new Date(r.at).toISOString() : null,
    })),
    nextCursor: rows.length > query.limit ? page[page.length - 1].sort_key : null,
  }
}
