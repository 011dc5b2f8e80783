import type { AppDeps } from '../platform/context'
import type { Actor } from '../org'
import { requireScope } from '../org'
import { AppError } from '../platform/errors'
import type { TEarning } from '../../types/points'
import { ensureResidentAccount, ensureSystemAccount, findEarning, findRule, slotOf } from './points.repository'
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
  await db.transaction().execute(async (tx) => {
    // claim the application first: of two staff approving at once, one credits
    const claimed = await tx.updateTable('points_earnings').set({ decided_by: actor.userId }).where('id', '=', e!.id).where('status', '=', 'pending').where('decided_by', 'is', null).executeTakeFirst()
    if (Number(claimed.numUpdatedRows) !== 1) throw new AppError('INVALID_STATE', undefined, '这条申请已经处理过了')
    await credit(tx, now, { earningId: e!.id, accountId, issuingId, communityId: e!.community_id, userId: e!.user_id, rule, fromStatus: 'pending', decidedBy: actor.userId })
  })
  return toEarning((await findEarning(db, e!.id))!)
}
