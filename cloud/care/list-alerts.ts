import type { AppDeps } from '../platform/context'
import { requireAnyRole, type Actor } from '../org'
import type { TCareAlert } from '../../types/care'
import { ALERT_ROLES, alertScopes } from './care.policy'
import { familyOf, listAlertRows, toAlerts } from './repository/alert-views'

/** 关爱预警: the alerts of the caller's grids / communities / 片区, most urgent first. */
export async function listAlerts(deps: AppDeps, actor: Actor, query: { status: 'open' | 'closed' | 'all'; elderId?: string }): Promise<{ items: TCareAlert[] }> {
  requireAnyRole(actor, ALERT_ROLES)
  const db = deps.db.kysely
  const rows = await listAlertRows(db, { paths: alertScopes(actor), elderId: query.elderId, status: query.status, limit: 200 })
  const family = await familyOf(db, [...new Set(rows.map((r) => r.elder_id))])
  return { items: toAlerts(rows, family, true) }
}
