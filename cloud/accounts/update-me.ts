import type { AppDeps } from '../platform/context'
import type { TUpdateMeRequest } from '../../types/accounts'
import type { Actor } from '../org'
import { AppError } from '../platform/errors'
import { newId } from '../platform/ids'
import { loadActor } from './accounts.repository'
import { getMe } from './get-me'

/** Name, elder mode, and the community a resident lives in (which makes them its resident). */
export async function updateMe(deps: AppDeps, actor: Actor, input: TUpdateMeRequest) {
  const now = deps.clock.now()
  await deps.db.kysely.transaction().execute(async (tx) => {
    if (input.communityId) {
      const community = await tx
        .selectFrom('org_units')
        .select('id')
        .where('id', '=', input.communityId)
        .where('kind', '=', 'community')
        .executeTakeFirst()
      if (!community) throw new AppError('ORG_UNIT_NOT_FOUND')
      // moving house: the resident role follows the person to the new community
      await tx.deleteFrom('role_assignments').where('user_id', '=', actor.userId).where('role', '=', 'resident').execute()
      await tx
        .insertInto('role_assignments')
        .values({ id: newId(), user_id: actor.userId, role: 'resident', org_unit_id: community.id, created_at: now })
        .execute()
    }
    const set = {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.elderMode !== undefined ? { elder_mode: input.elderMode } : {}),
      ...(input.communityId !== undefined ? { community_id: input.communityId } : {}),
    }
    await tx.updateTable('users').set(set).where('id', '=', actor.userId).execute()
  })
  const fresh = await loadActor(deps.db.kysely, actor.userId)
  if (!fresh) throw new AppError('UNAUTHENTICATED')
  return getMe(deps, fresh)
}
