import type { AppDeps } from '../platform/context'
import type { Actor } from '../org'
import { requireAnyRole } from '../org'
import { ageOn } from '../platform/clock'
import { listVolunteersIn } from './repository/people'
import { TIMEBANK_STAFF_ROLES } from './timebank.policy'

/** 派单: the verified volunteers staff may assign, in their scope. */
export async function listVolunteers(deps: AppDeps, actor: Actor): Promise<{ items: { id: string; name: string; age: number | null; communityName: string }[] }> {
  requireAnyRole(actor, TIMEBANK_STAFF_ROLES)
  const paths = actor.roles.filter((r) => TIMEBANK_STAFF_ROLES.includes(r.role)).map((r) => r.path)
  const now = deps.clock.now()
  const rows = await listVolunteersIn(deps.db.kysely, paths, 200)
  return { items: rows.map((r) => ({ id: r.id, name: r.name, age: ageOn(r.birth_date, now), communityName: r.community_name })) }
}
