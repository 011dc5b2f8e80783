import type { AppDeps } from '../platform/context'
import { inTransaction } from '../platform/tx'
import type { Actor } from '../org'
import { requireScope } from '../org'
import { AppError } from '../platform/errors'
import type { TEarning } from '../../types/points'
import { ensureResidentAccount, ensureSystemAccount, slotOf } from './repository/accounts'
import { claimEarning, findEarning } from './repository/earnings'
import { findRule } from './repository/rules'
import { POINTS_STAFF_ROLES } from './points.policy'
import { credit } from './earn-points'
import { toEarning } from './points.mappers'

/** Staff approve an application: it is credited now (caps of today apply). */
export async function approveEarning(deps: AppDeps, actor: Actor, earningId: string): Promise<TEarning> {
  const db = deps.db.kysely
  const e = await findEarning(db, earningId)
  requireScope(actor, POINTS_STAFF_ROLES, e?.community_path ?? null, 'EARNING_NOT_FOUND')
  if (e!.status !== 'pending') throw new AppError('INVALID_STATE', { status: e!.status }, '这条申请已经处理过了')
  const rule = (await findRule(db, e!.rule_id))!
  const now = deps.clock.now()
  const accountId = await ensureResidentAccount(db, e!.community_id, e!.user_id, now)
  const issuingId = await ensureSystemAccount(db, e!.community_id, 'issuing', slotOf(e!.user_id), now)
  await inTransaction(db, async (tx) => {
    // claim the application first: of two staff approving at once, one credits
    if (!(await claimEarning(tx, e!.id, actor.userId))) throw new AppError('INVALID_STATE', undefined, '这条申请已经处理过了')
    await credit(tx, now, { earningId: e!.id, accountId, issuingId, communityId: e!.community_id, userId: e!.user_id, rule, fromStatus: 'pending', decidedBy: actor.userId })
  })
  return toEarning((await findEarning(db, e!.id))!)
}
