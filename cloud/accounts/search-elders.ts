import type { AppDeps } from '../platform/context'
import type { TElder } from '../../types/accounts'
import { COUNTER_ROLES, requireAnyRole, type Actor } from '../org'
import { hashIdNumber } from '../platform/privacy'
import { searchPeople } from './repository/people'

/** Counter search by name or full ID number, only within the caller's own org units. */
export async function searchElders(deps: AppDeps, actor: Actor, q: string): Promise<{ items: TElder[] }> {
  requireAnyRole(actor, COUNTER_ROLES)
  const scopes = actor.roles.filter((r) => COUNTER_ROLES.includes(r.role)).map((r) => r.path)
  const idHash = /^\d{17}[\dXx]$/.test(q) ? hashIdNumber(q, deps.config.idPepper) : null
  const rows = await searchPeople(deps.db.kysely, scopes, { name: q, idHash }, deps.clock.now())
  return { items: rows.map(({ communityPath: _p, ...elder }) => elder) }
}
