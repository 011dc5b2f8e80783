import { AppError } from '../platform/errors'
import { newId } from '../platform/ids'
import { expiresOnFor } from '../points'
import { addLot, drawLots, ensureResidentAccount, ensureSystemAccount, findResidentAccount, postJournal, slotOf } from '../points'
import { importedPointsOn } from './leancloud.repository'
import type { TClassMapping } from './mapping'
import { get, numberOf, text, userOf, type RowContext, type RowOutcome } from './row-context'
import type { LcRow } from './sources'

type HistoryMapping = Extract<TClassMapping, { kind: 'points_history' }>
type BalanceMapping = Extract<TClassMapping, { kind: 'points_balance' }>

/**
 * Moves `amount` between the community's issuing account and the resident through the points ledger
 * (an 'adjust' journal signed by the import account): entries sum to zero, credits become lots valid
 * until the end of next year from the import, debits draw the oldest lots.
 */
async function post(ctx: RowContext, userId: string, amount: number, memo: string, reason: string, at: Date): Promise<string> {
  const accountId = await ensureResidentAccount(ctx.tx, ctx.community.id, userId, ctx.now)
  const issuingId = await ensureSystemAccount(ctx.tx, ctx.community.id, 'issuing', slotOf(userId), ctx.now)
  const journalId = newId()
  const actorId = await ctx.importer()
  try {
    await postJournal(ctx.tx, { id: journalId, communityId: ctx.community.id, kind: 'adjust', memo, actorId, reason: reason.slice(0, 200), now: at }, [
      { accountId: issuingId, bucket: 'available', amount: -amount },
      { accountId, bucket: 'available', amount },
    ])
  } catch (error) {
    if (error instanceof AppError && error.code === 'INSUFFICIENT_POINTS') throw new AppError('INSUFFICIENT_POINTS', {}, `积分余额不足以扣减 ${-amount}`)
    throw error
  }
  if (amount > 0) await addLot(ctx.tx, { accountId, journalId, amount, expiresOn: expiresOnFor(ctx.now), now: at })
  else await drawLots(ctx.tx, accountId, journalId, -amount)
  return journalId
}

function points(v: unknown): number | null {
  const n = numberOf(v)
  return n !== null && Number.isSafeInteger(n) && Math.abs(n) <= 10_000_000 ? n : null
}

/** A line of points history (earned or spent) → one journal in our ledger, at its original time. */
export async function importPointsHistory(ctx: RowContext, m: HistoryMapping, row: LcRow, usersClass: string): Promise<RowOutcome> {
  const userId = userOf(ctx, row, m.fields.user, usersClass)
  const amount = points(get(row, m.fields.amount))
  if (amount === null) return { kind: 'refused', reason: `积分不是整数：${JSON.stringify(get(row, m.fields.amount)) ?? '空'}` }
  if (amount === 0) return { kind: 'skipped', reason: '积分为 0', targetTable: 'none', targetId: null }
  const reason = `迁移：${text(get(row, m.fields.reason)) ?? 'LeanCloud 积分记录'}`
  const journalId = await post(ctx, userId, amount, 'LeanCloud 积分记录', reason, new Date(row.createdAt))
  return { kind: 'created', targetTable: 'points_journals', targetId: journalId }
}

/**
 * A balance → the opening-balance journal: what LeanCloud says minus what the imported history already
 * gave, so after the import the points from LeanCloud add up to the LeanCloud balance.
 */
export async function importPointsBalance(ctx: RowContext, m: BalanceMapping, row: LcRow, usersClass: string): Promise<RowOutcome> {
  const userId = m.fields.user === '' ? userOf(ctx, { ...row, __self: { className: usersClass, objectId: row.objectId } }, '__self', usersClass) : userOf(ctx, row, m.fields.user, usersClass)
  const balance = points(get(row, m.fields.balance))
  if (balance === null || balance < 0) return { kind: 'refused', reason: `积分余额不是非负整数：${JSON.stringify(get(row, m.fields.balance)) ?? '空'}` }
  const account = await findResidentAccount(ctx.tx, ctx.community.id, userId)
  // only what came from this LeanCloud app counts: a person linked to an existing 邻里通 resident keeps
  // the points earned here and gets the LeanCloud balance on top
  const diff = balance - (account ? await importedPointsOn(ctx.tx, ctx.app, account.id) : 0)
  if (diff === 0) return { kind: 'skipped', reason: '余额与已导入的积分记录一致，无需期初调整', targetTable: 'none', targetId: null }
  const journalId = await post(ctx, userId, diff, '期初余额（LeanCloud 迁移）', `迁移：LeanCloud 余额 ${balance}`, ctx.now)
  return { kind: 'created', targetTable: 'points_journals', targetId: journalId }
}
