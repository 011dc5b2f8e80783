import type { AppDeps } from '../platform/context'
import type { Actor } from '../org'
import type { TStaffListQuery, TStaffView } from '../../types/admin'
import { adminPaths } from './admin.policy'
import { listStaffUnder, rolesOf } from './repository/staff'
import { toStaffViews } from './admin.mappers'

/** Staff with a role inside the caller's scope, newest first, filtered by name/username, role, unit, status. */
export async function listStaff(deps: AppDeps, actor: Actor, q: TStaffListQuery): Promise<{ items: TStaffView[]; nextCursor: string | null }> {
  const paths = adminPaths(actor)
  const db = deps.db.kysely
  const now = deps.clock.now()
  const rows = await listStaffUnder(db, paths, { ...q, limit: q.limit + 1, now })
  const page = rows.slice(0, q.limit)
  return {
    items: toStaffViews(
      page,
      await rolesOf(
        db,
        page.map((r) => r.id),
      ),
      now,
    ),
    nextCursor: rows.length > q.limit ? page[page.length - 1].id : null,
  }
}
