import type { Kdb } from '../../db/db'

export async function countLiveRedemptions(tx: Kdb, goodsId: string, userId: string): Promise<number> {
  const r = await tx
    .selectFrom('points_redemptions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('goods_id', '=', goodsId)
    .where('user_id', '=', userId)
    .where('status', 'in', ['held', 'redeemed'])
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

export async function insertRedemption(
  tx: Kdb,
  r: { id: string; communityId: string; goodsId: string; userId: string; accountId: string; points: number; code: string; holdJournalId: string; holdUntil: Date; now: Date },
) {
  await tx
    .insertInto('points_redemptions')
    .values({
      id: r.id,
      community_id: r.communityId,
      goods_id: r.goodsId,
      user_id: r.userId,
      account_id: r.accountId,
      points: r.points,
      code: r.code,
      status: 'held',
      hold_journal_id: r.holdJournalId,
      hold_until: r.holdUntil,
      created_at: r.now,
    })
    .execute()
}

function redemptionsQuery(db: Kdb) {
  return db
    .selectFrom('points_redemptions as r')
    .innerJoin('points_goods as g', 'g.id', 'r.goods_id')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .innerJoin('org_units as c', 'c.id', 'r.community_id')
    .selectAll('r')
    .select(['g.name as goods_name', 'u.name as user_name', 'c.path as community_path'])
}

export type RedemptionRow = NonNullable<Awaited<ReturnType<ReturnType<typeof redemptionsQuery>['executeTakeFirst']>>>

export async function findRedemption(db: Kdb, id: string) {
  return redemptionsQuery(db).where('r.id', '=', id).executeTakeFirst()
}

export async function findHeldRedemptionByCode(db: Kdb, communityId: string, code: string) {
  return redemptionsQuery(db).where('r.community_id', '=', communityId).where('r.code', '=', code).where('r.status', '=', 'held').executeTakeFirst()
}

export async function listRedemptionsOf(db: Kdb, userId: string, limit: number, cursor: string | undefined) {
  let q = redemptionsQuery(db).where('r.user_id', '=', userId)
  if (cursor) q = q.where('r.id', '<', cursor)
  return q
    .orderBy('r.id', 'desc')
    .limit(limit + 1)
    .execute()
}

/** held → redeemed | released | cancelled, once: the losing side of a race matches no row. */
export async function closeRedemption(tx: Kdb, id: string, to: 'redeemed' | 'released' | 'cancelled', v: { journalId: string; by: string | null; now: Date }): Promise<boolean> {
  const r = await tx
    .updateTable('points_redemptions')
    .set({ status: to, close_journal_id: v.journalId, redeemed_by: to === 'redeemed' ? v.by : null, closed_at: v.now })
    .where('id', '=', id)
    .where('status', '=', 'held')
    .executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

export async function dueHolds(db: Kdb, now: Date, limit: number) {
  return db.selectFrom('points_redemptions').select('id').where('status', '=', 'held').where('hold_until', '<=', now).orderBy('hold_until').limit(limit).execute()
}
