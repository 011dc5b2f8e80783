import type { Kdb } from '../db/db'
import type { TRole } from '../../types/org'
import { requireScope, type Actor } from '../org'
import { AppError } from '../platform/errors'
import type { ReportFilter } from './repository/daily'
import { communitiesUnder, findUnit, type ScopeUnit } from './repository/live'

/** Who sees figures of a street, 片区 or community (their own scope only). */
export const DASHBOARD_ROLES: readonly TRole[] = ['community_staff', 'cluster_lead', 'street_admin', 'health_staff']
/** A department sees its own queue's figures. */
const DEPARTMENT_ROLES: readonly TRole[] = ['department_staff', 'cluster_lead', 'street_admin']
/** Who works the targeted lists (calls to elders who have not booked). */
export const LIST_ROLES: readonly TRole[] = ['community_staff', 'cluster_lead', 'street_admin', 'health_staff']

export interface DashboardScope {
  unit: ScopeUnit
  filter: ReportFilter
}

/**
 * The first line of every 报表通 use case: the unit exists and the caller's role covers it;
 * anything else "does not exist" (404). A grid has no figures of its own (its community's do).
 */
export async function dashboardScope(db: Kdb, actor: Actor, orgUnitId: string): Promise<DashboardScope> {
  const unit = await findUnit(db, orgUnitId)
  if (!unit || unit.kind === 'grid') throw new AppError('NOT_FOUND')
  if (unit.kind === 'department') {
    requireScope(actor, DEPARTMENT_ROLES, unit.path)
    return { unit, filter: { departmentId: unit.id } }
  }
  requireScope(actor, DASHBOARD_ROLES, unit.path)
  return { unit, filter: { communityIds: await communitiesUnder(db, unit.path) } }
}
