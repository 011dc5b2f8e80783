import type { TRole } from '../../types/org'
import { STAFF_ROLES } from '../../types/org'
import { AppError } from '../platform/errors'
import type { TErrorCode } from '../../types/errors'

import type { Actor, ActorRole } from '../platform/context'

export type { Actor, ActorRole }

/** A role at an org unit covers that unit and everything below it. */
export function covers(role: ActorRole, targetPath: string): boolean {
  return targetPath.startsWith(role.path)
}

/**
 * The first line of a staff use case: the caller holds one of `roles` at an org unit that covers
 * the target. Outside the caller's scope the thing "does not exist" (404), never 403, so one
 * community cannot probe another's data.
 */
export function requireScope(actor: Actor, roles: readonly TRole[], targetPath: string | null, notFound: TErrorCode = 'NOT_FOUND'): ActorRole {
  const match = targetPath ? actor.roles.find((r) => roles.includes(r.role) && covers(r, targetPath)) : undefined
  if (!match) throw new AppError(notFound)
  return match
}

/** Non-scoped check (e.g. "is this person staff at all") → 403, since nothing is being looked up. */
export function requireAnyRole(actor: Actor, roles: readonly TRole[]): ActorRole {
  const match = actor.roles.find((r) => roles.includes(r.role))
  if (!match) throw new AppError('FORBIDDEN')
  return match
}

export function hasScope(actor: Actor, roles: readonly TRole[], targetPath: string | null): boolean {
  return Boolean(targetPath && actor.roles.some((r) => roles.includes(r.role) && covers(r, targetPath)))
}

export function isStaff(actor: Pick<Actor, 'roles'>): boolean {
  return actor.roles.some((r) => STAFF_ROLES.includes(r.role))
}

/** Staff who serve residents face to face (counter registration, confirming family links). */
export const COUNTER_ROLES: readonly TRole[] = ['community_staff', 'cluster_lead', 'street_admin', 'health_staff']

/** Who draws or imports grid/community boundaries and imports people: the street, or a 片区 for its own. */
export const SETUP_ROLES: readonly TRole[] = ['street_admin', 'cluster_lead']

/** The org paths the caller may set up (street_admin street-wide, cluster_lead their 片区); none → 404. */
export function setupScopes(actor: Actor): string[] {
  const paths = actor.roles.filter((r) => SETUP_ROLES.includes(r.role)).map((r) => r.path)
  if (paths.length === 0) throw new AppError('NOT_FOUND')
  return paths
}
