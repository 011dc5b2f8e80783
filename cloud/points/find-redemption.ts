import type { AppDeps } from '../platform/context'
import type { Actor } from '../org'
import { AppError } from '../platform/errors'
import type { TRedemption } from '../../types/points'
import { findHeldRedemptionByCode } from './repository/redemptions'
import { staffCommunity } from './points.policy'
import { toRedemption } from './points.mappers'

/** 核销 with a typed code: staff look the waiting redemption up before handing over. */
export async function findRedemptionByCode(deps: AppDeps, actor: Actor, q: { code: string; communityId?: string }): Promise<TRedemption> {
  const community = await staffCommunity(deps.db.kysely, actor, q.communityId)
  const r = await findHeldRedemptionByCode(deps.db.kysely, community.id, q.code)
  if (!r) throw new AppError('REDEMPTION_CODE_INVALID')
  return toRedemption(r)
}
