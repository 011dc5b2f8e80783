import type { AppDeps } from '../platform/context'
import { inTransaction } from '../platform/tx'
import type { Kdb } from '../db/db'
import type { Actor } from '../org'
import { AppError } from '../platform/errors'
import { newId } from '../platform/ids'
import { notify } from '../platform/notices'
import type { TRedemption } from '../../types/points'
import { returnStock } from './repository/goods'
import { postJournal } from './repository/ledger'
import { restoreDraws } from './repository/lots'
import { closeRedemption, findRedemption, type RedemptionRow } from './repository/redemptions'
import { toRedemption } from './points.mappers'

/** The resident changes their mind before 核销: the points and the item go back. */
export async function cancelRedemption(deps: AppDeps, actor: Actor, redemptionId: string): Promise<TRedemption> {
  const db = deps.db.kysely
  const r = await findRedemption(db, redemptionId)
  if (!r || r.user_id !== actor.userId) throw new AppError('REDEMPTION_NOT_FOUND')
  if (r.status !== 'held') throw new AppError('INVALID_STATE', { status: r.status }, r.status === 'redeemed' ? '已经领取，不能取消' : '这次兑换已经取消了')
  const now = deps.clock.now()
  const done = await inTransaction(db, (tx) => releaseHold(tx, r, 'cancelled', now, actor.userId))
  if (!done) throw new AppError('INVALID_STATE')
  return toRedemption((await findRedemption(db, r.id))!)
}

/**
 * held → released/cancelled: held points back to available (to the same lots they came from) and
 * the reserved item back to stock. False when someone else closed it first.
 */
export async function releaseHold(tx: Kdb, r: RedemptionRow, to: 'released' | 'cancelled', now: Date, actorId: string | null): Promise<boolean> {
  const journalId = newId()
  if (!(await closeRedemption(tx, r.id, to, { journalId, by: null, now }))) return false
  const memo = to === 'cancelled' ? `取消兑换「${r.goods_name}」，积分退回` : `兑换「${r.goods_name}」超过期限未领取，积分退回`
  await postJournal(tx, { id: journalId, communityId: r.community_id, kind: 'release', memo, actorId, now }, [
    { accountId: r.account_id, bucket: 'held', amount: -r.points },
    { accountId: r.account_id, bucket: 'available', amount: r.points },
  ])
  await restoreDraws(tx, r.hold_journal_id, journalId)
  await returnStock(tx, r.goods_id)
  if (to === 'released') await notify(tx, now, { userId: r.user_id, kind: 'points.released', title: '兑换已过期', body: `${memo}：${r.points} 积分。` })
  return true
}
