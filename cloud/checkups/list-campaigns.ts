import type { AppDeps } from '../platform/context'
import type { TCampaign } from '../../types/checkups'
import { isStaff, type Actor } from '../org'
import { CHECKUP_STAFF_ROLES } from './checkups.policy'
import { listCampaigns } from './repository/campaigns'
import { findPerson, linkedEldersFor } from './repository/elders'

/** Campaigns the caller can book in: their own community's and their linked elders'; staff see their scope. */
export async function listCheckupCampaigns(deps: AppDeps, actor: Actor): Promise<{ items: TCampaign[] }> {
  const db = deps.db.kysely
  const now = deps.clock.now()
  if (isStaff(actor)) {
    const scopePaths = actor.roles.filter((r) => CHECKUP_STAFF_ROLES.includes(r.role)).map((r) => r.path)
    return { items: await listCampaigns(db, { scopePaths }, now) }
  }
  return { items: await listCampaigns(db, { communityIds: await communitiesOf(deps, actor) }, now) }
}

/** Communities whose campaigns a resident or family member may see. */
export async function communitiesOf(deps: AppDeps, actor: Actor): Promise<string[]> {
  const db = deps.db.kysely
  const me = await findPerson(db, actor.userId)
  const ids = new Set<string>()
  if (me?.community_id) ids.add(me.community_id)
  for (const e of await linkedEldersFor(db, actor.userId)) if (e.community_id) ids.add(e.community_id)
  return [...ids]
}
