import type { AppDeps } from '../platform/context'
import type { Actor } from '../org'
import { businessDate, shanghaiTime } from '../platform/clock'
import { AppError } from '../platform/errors'
import type { TMyPoints, TPointsHistoryItem } from '../../types/points'
import { findResidentAccount } from './repository/accounts'
import { balanceSummary, history } from './repository/ledger'

/** 我的积分: balance, what is held for redemptions, what ends this 31 December. Reading never creates an account. */
export async function getMyPoints(deps: AppDeps, actor: Actor): Promise<TMyPoints> {
  const communityId = actor.communityId
  const account = communityId ? await findResidentAccount(deps.db.kysely, communityId, actor.userId) : undefined
  const year = businessDate(deps.clock.now()).slice(0, 4)
  if (!account) return { communityId, available: 0, held: 0, expiringSoon: 0, expiringOn: null, earnedThisYear: 0 }
  const s = await balanceSummary(deps.db.kysely, account.id, `${year}-12-31`, shanghaiTime(`${year}-01-01`))
  return { communityId, available: s.available, held: s.held, expiringSoon: s.expiring, expiringOn: s.expiring > 0 ? `${year}-12-31` : null, earnedThisYear: s.earned }
}

/** History with reasons, newest first; the cursor is the last entry seen. */
export async function listPointsHistory(deps: AppDeps, actor: Actor, q: { limit: number; cursor?: string }): Promise<{ items: TPointsHistoryItem[]; nextCursor: string | null }> {
  if (q.cursor !== undefined && !/^\d{1,18}$/.test(q.cursor)) throw new AppError('INVALID_INPUT', { fields: { cursor: '翻页参数不正确' } })
  const account = actor.communityId ? await findResidentAccount(deps.db.kysely, actor.communityId, actor.userId) : undefined
  if (!account) return { items: [], nextCursor: null }
  const rows = await history(deps.db.kysely, account.id, q.limit, q.cursor ? Number(q.cursor) : null)
  const page = rows.slice(0, q.limit)
  return {
    items: page.map((r) => ({
      id: String(r.id),
      journalId: r.journal_id,
      kind: r.kind,
      bucket: r.bucket,
      points: Number(r.amount),
      memo: r.memo,
      reason: r.reason,
      createdAt: new Date(r.created_at).toISOString(),
    })),
    nextCursor: rows.length > q.limit ? String(page[page.length - 1].id) : null,
  }
}
