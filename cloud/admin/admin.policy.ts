import type { Actor, ActorRole } from '../org'
import { covers, requireScope } from '../org'
import { AppError } from '../platform/errors'
import type { TOrgKind, TRole } from '../../types/org'

/** Who runs the admin console: the street admin for the whole street, a 片区 lead for their 片区. */
export const ADMIN_ROLES: readonly TRole[] = ['street_admin', 'cluster_lead']

/** Every admin route starts here: anyone else is told the route does not exist (404). */
export function requireAdmin(actor: Actor): ActorRole[] {
  const roles = actor.roles.filter((r) => ADMIN_ROLES.includes(r.role))
  if (roles.length === 0) throw new AppError('NOT_FOUND')
  return roles
}

/** The admin role covering `path`, or 404 (outside the caller's street or 片区 nothing exists). */
export function requireAdminOver(actor: Actor, path: string | null, notFound: 'NOT_FOUND' | 'ORG_UNIT_NOT_FOUND' | 'STAFF_NOT_FOUND' = 'NOT_FOUND'): ActorRole {
  return requireScope(actor, ADMIN_ROLES, path, notFound)
}

/** Street-wide settings and the street's own units (片区, departments): the street admin only. */
export function requireStreetAdmin(actor: Actor, streetPath: string): ActorRole {
  return requireScope(actor, ['street_admin'], streetPath)
}

export function adminPaths(actor: Actor): string[] {
  return requireAdmin(actor).map((r) => r.path)
}

/** Which kind of unit each kind hangs under (the tree is fixed: street → 片区 → 社区 → 网格; 部门 under the street). */
export const PARENT_KIND: Record<Exclude<TOrgKind, 'street'>, TOrgKind> = {
  cluster: 'street',
  community: 'cluster',
  grid: 'community',
  department: 'street',
}

/** Staff roles and the kind of unit each is held at. */
export const ROLE_UNIT_KINDS: Partial<Record<TRole, readonly TOrgKind[]>> = {
  street_admin: ['street'],
  cluster_lead: ['cluster'],
  community_staff: ['community'],
  grid_worker: ['grid'],
  department_staff: ['department'],
  health_staff: ['street', 'community'],
}

/**
 * May `actor` grant (or take away) `role` at a unit? The unit must be inside the caller's scope and of
 * the role's kind; only a street admin grants the two admin roles, so a 片区 lead can never make
 * someone their equal or their superior.
 */
export function canGrant(actor: Actor, role: TRole, unit: { kind: TOrgKind; path: string }): boolean {
  const kinds = ROLE_UNIT_KINDS[role]
  if (!kinds || !kinds.includes(unit.kind)) return false
  const over = actor.roles.filter((r) => ADMIN_ROLES.includes(r.role) && covers(r, unit.path))
  if (over.length === 0) return false
  if (ADMIN_ROLES.includes(role)) return over.some((r) => r.role === 'street_admin')
  return true
}
