import type { AppDeps } from '../platform/context'
import { inTransaction } from '../platform/tx'
import type { Actor } from '../org'
import { AppError, isUniqueViolation } from '../platform/errors'
import { newId, randomDigits } from '../platform/ids'
import { scheduleJob } from '../platform/jobs'
import type { TRedemption } from '../../types/points'
import { findResidentAccount } from './repository/accounts'
import { findGoods, takeStock } from './repository/goods'
import { postJournal } from './repository/ledger'
import { drawLots } from './repository/lots'
import { countLiveRedemptions, findRedemption, insertRedemption } from './repository/redemptions'
import { HOLD_DAYS, residentCommunityId } from './points.policy'
import { toRedemption } from './points.mappers'

/**
 * 兑换: holds the price (available → held, oldest lots first) and reserves one item in one
 * transaction. The balance and the stock each move in a single guarded UPDATE, so neither can go
 * below zero however many residents press at once. Staff 核销 at the counter; unclaimed holds are
 * released after HOLD_DAYS by `tick`.
 */
export async function redeemGoods(deps: AppDeps, actor: Actor, input: { goodsId: string }): Promise<TRedemption> {
  const communityId = residentCommunityId(actor)
  const db = deps.db.kysely
  const now = deps.clock.now()
  const goods = await findGoods(db, input.goodsId)
  // another community's goods do not exist for this resident
  if (!goods || goods.community_id !== communityId) throw new AppError('GOODS_NOT_FOUND')
  if (!goods.active || (goods.active_from && new Date(goods.active_from) > now) || (goods.active_until && new Date(goods.active_until) <= now)) {
    throw new AppError('GOODS_NOT_AVAILABLE')
  }
  // no account yet means no points yet: refuse without creating one
  const account = await findResidentAccount(db, communityId, actor.userId)
  if (!account) throw new AppError('INSUFFICIENT_POINTS')
  const accountId = account.id
  const holdUntil = new Date(now.getTime() + HOLD_DAYS * 86_400_000)
  for (let attempt = 0; ; attempt++) {
    const id = newId()
    try {
      await inTransaction(db, async (tx) => {
        // the account row's lock (taken by this update) serialises one person's redemptions,
        // so the per-person limit below counts what is really there
        const journalId = await postJournal(tx, { communityId, kind: 'hold', memo: `兑换「${goods.name}」（待领取）`, actorId: actor.userId, now }, [
          { accountId, bucket: 'available', amount: -goods.price },
          { accountId, bucket: 'held', amount: goods.price },
        ])
        await drawLots(tx, accountId, journalId, goods.price)
        if (goods.per_person_limit !== null && (await countLiveRedemptions(tx, goods.id, actor.userId)) >= goods.per_person_limit) {
          throw new AppError('REDEEM_LIMIT_REACHED', { limit: goods.per_person_limit })
        }
        await insertRedemption(tx, { id, communityId, goodsId: goods.id, userId: actor.userId, accountId, points: goods.price, code: randomDigits(8), holdJournalId: journalId, holdUntil, now })
        await scheduleJob(tx, { kind: 'points.release_hold', runAt: holdUntil, payload: { redemptionId: id }, dedupeKey: `points.release_hold:${id}` }, now)
        // last: the item's row is what every resident redeeming it waits for, so it is held only until commit
        if (!(await takeStock(tx, goods.id))) throw new AppError('OUT_OF_STOCK')
      })
      return toRedemption((await findRedemption(db, id))!)
    } catch (error) {
      // two live holds drew the same 8-digit code: draw again
      if (attempt < 3 && isUniqueViolation(error, 'points_redemptions_live_code')) continue
      throw error
    }
  }
}
