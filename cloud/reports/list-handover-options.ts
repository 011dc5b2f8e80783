import type { AppDeps } from '../platform/context'
import type { Actor } from '../org'
import { requireAnyRole } from '../org'
import { COORDINATOR_ROLES } from './reports.policy'
import { handoverOptions } from './repository/routing'

/** The people and departments a coordinator may assign or dispatch to. */
export async function listHandoverOptions(deps: AppDeps, actor: Actor) {
  requireAnyRole(actor, [...COORDINATOR_ROLES, 'grid_worker'])
  const paths = actor.roles.filter((r) => COORDINATOR_ROLES.includes(r.role) || r.role === 'grid_worker').map((r) => r.path)
  return handoverOptions(deps.db.kysely, paths)
}
