import type { AppDeps } from '../platform/context'
import { inTransaction } from '../platform/tx'
import type { Actor } from '../org'
import { requireScope } from '../org'
import { AppError } from '../platform/errors'
import { newId } from '../platform/ids'
import { notify } from '../platform/notices'
import type { TRedemption } from '../../types/points'
import { ensureSystemAccount, slotOf } from './repository/accounts'
import { postJournal } from './repository/ledger'
import { closeRedemption, findRedemption } from './repository/redemptions'
import { POINTS_STAFF_ROLES } from './points.policy'
import { toRedemption } from './points.mappers'

/**
 * 核销: staff at the counter scan (or type) the resident's code and hand over the item. The held
 * points go to the shop account; the item reserved at redemption is now consumed. A wrong code
 * writes nothing.
 */
export async function redeemAtCounter(deps: AppDeps, actor: Actor, redemptionId: string, input: { code: string }): Promise<TRedemption> {
  const db = deps.db.kysely
  const r = await findRedemption(db, redemptionId)
  requireScope(actor, POINTS_STAFF_ROLES, r?.community_path ?? null, 'REDEMPTION_NOT_FOUND')
  if (r!.code !== input.code) throw new AppError('REDEMPTION_CODE_INVALID')
  if (r!.status !== 'held') throw new AppError('INVALID_STATE', { status: r!.status }, r!.status === 'redeemed' ? '这件商品已经领取过了' : '这次兑换已取消，积分已退回')
  const now = deps.clock.now()
  const shopId = await ensureSystemAccount(db, r!.community_id, 'shop', slotOf(r!.user_id), now)
  await inTransaction(db, async (tx) => {
    const journalId = newId()
    if (!(await closeRedemption(tx, r!.id, 'redeemed', { journalId, by: actor.userId, now }))) throw new AppError('INVALID_STATE')
    await postJournal(tx, { id: journalId, communityId: r!.community_id, kind: 'redeem', memo: `兑换「${r!.goods_name}」已领取`, actorId: actor.userId, now }, [
      { accountId: r!.account_id, bucket: 'held', amount: -r!.points },
      { accountId: shopId, bucket: 'available', amount: r!.points },
    ])
    await notify(tx, now, { userId: r!.user_id, kind: 'points.redeemed', title: '兑换已领取', body: `「${r!.goods_name}」已在社区领取，使用 ${r!.points} 积分。` })
  })
  return toRedemption((await findRedemption(db, r!.id))!)
}
