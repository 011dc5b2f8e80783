import type { AppDeps } from '../platform/context'
import type { TUpdateMeRequest } from '../../types/accounts'
import type { Actor } from '../org'
import { AppError } from '../platform/errors'
import { loadActor } from './repository/people'
import { findCommunity, moveResidentRole, updateProfile } from './repository/users'
import { getMe } from './get-me'

/** Name, elder mode, and the community a resident lives in (which makes them its resident). */
export async function updateMe(deps: AppDeps, actor: Actor, input: TUpdateMeRequest) {
  const now = deps.clock.now()
  await deps.db.kysely.transaction().execute(async (tx) => {
    if (input.communityId) {
      const community = await findCommunity(tx, input.communityId)
      if (!community) throw new AppError('ORG_UNIT_NOT_FOUND')
      // moving house: the resident role follows the person to the new community
      await moveResidentRole(tx, actor.userId, community.id, now)
    }
    const set = {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.elderMode !== undefined ? { elder_mode: input.elderMode } : {}),
      ...(input.communityId !== undefined ? { community_id: input.communityId } : {}),
    }
    await updateProfile(tx, actor.userId, set)
  })
  const fresh = await loadActor(deps.db.kysely, actor.userId)
  if (!fresh) throw new AppError('UNAUTHENTICATED')
  return getMe(deps, fresh)
}
