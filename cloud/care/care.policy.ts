import type { Kdb } from '../db/db'
import type { TRole } from '../../types/org'
import { findActiveLink } from '../family'
import { hasScope, requireScope, type Actor } from '../org'
import { AppError } from '../platform/errors'

/** Who enrols an elder (consent at the counter or the elder's own in the app): counter staff. */
export const ENROL_ROLES: readonly TRole[] = ['community_staff', 'cluster_lead', 'street_admin']
/** Who sees and works care alerts: the grid worker for the elder's grid, the community, the 片区, the street. */
export const ALERT_ROLES: readonly TRole[] = ['grid_worker', 'community_staff', 'cluster_lead', 'street_admin']

/** The path a role must cover: the elder's grid when one is set, else the community. */
export function careTarget(row: { grid_path: string | null; community_path: string }): string {
  return row.grid_path ?? row.community_path
}

/** Staff paths that may see alerts (the list's filter). */
export function alertScopes(actor: Actor): string[] {
  return actor.roles.filter((r) => ALERT_ROLES.includes(r.role)).map((r) => r.path)
}

export function requireAlertScope(actor: Actor, row: { grid_path: string | null; community_path: string }): void {
  requireScope(actor, ALERT_ROLES, careTarget(row))
}

/**
 * The elder himself, or family with receive_notices (the link's scope for hearing about him), may see
 * his alerts and pattern and set away periods; staff in scope too. Anyone else: 404.
 */
export async function requireElderView(db: Kdb, actor: Actor, elderId: string, target: { grid_path: string | null; community_path: string } | null): Promise<'self' | 'family' | 'staff'> {
  if (actor.userId === elderId) return 'self'
  if (await findActiveLink(db, elderId, actor.userId, 'receive_notices')) return 'family'
  if (target && hasScope(actor, ALERT_ROLES, careTarget(target))) return 'staff'
  throw new AppError('NOT_FOUND')
}
