import { sql } from 'kysely'
import type { Kdb } from '../../db/db'
import { newId } from '../../platform/ids'

/** A credit's lot and the earning it settles, in one statement (before the journal: FKs are deferred). */
export async function addLotAndSettle(
  tx: Kdb,
  v: { accountId: string; journalId: string; amount: number; expiresOn: string; now: Date; earningId: string; fromStatus: 'pending' | 'capped'; reason: string | null; decidedBy: string | null },
): Promise<boolean> {
  const r = await sql<{ id: string }>`
    WITH lot AS (
      INSERT INTO points_lots (id, account_id, journal_id, amount, remaining, expires_on, created_at)
      VALUES (${newId()}, ${v.accountId}, ${v.journalId}, ${v.amount}, ${v.amount}, ${v.expiresOn}, ${v.now}))
    UPDATE points_earnings SET status = 'credited', points = ${v.amount}, reason = ${v.reason}, journal_id = ${v.journalId},
      decided_by = ${v.decidedBy}, decided_at = ${v.decidedBy ? v.now : null}
    WHERE id = ${v.earningId} AND status = ${v.fromStatus}
    RETURNING id`.execute(tx)
  return r.rows.length === 1
}

export async function addLot(tx: Kdb, lot: { accountId: string; journalId: string; amount: number; expiresOn: string; now: Date }): Promise<void> {
  await tx
    .insertInto('points_lots')
    .values({ id: newId(), account_id: lot.accountId, journal_id: lot.journalId, amount: lot.amount, remaining: lot.amount, expires_on: lot.expiresOn, created_at: lot.now })
    .execute()
}

/**
 * Takes `amount` from the account's open lots, oldest expiry first (lots of `preferJournalId`, the
 * credit being reversed, before any other), and records the draws. Called after the account row was
 * updated in the same transaction, which holds its lock: no one else draws concurrently.
 */
export async function drawLots(tx: Kdb, accountId: string, journalId: string, amount: number, preferJournalId: string | null = null): Promise<void> {
  const drawn = await sql<{ total: number | null }>`
    WITH ordered AS (
      SELECT id, remaining,
             sum(remaining) OVER (ORDER BY (journal_id = ${preferJournalId}) IS NOT TRUE, expires_on, id) AS running
      FROM points_lots
      WHERE account_id = ${accountId} AND remaining > 0
    ), take AS (
      SELECT id, LEAST(remaining, ${amount}::bigint - (running - remaining)) AS amt
      FROM ordered WHERE running - remaining < ${amount}::bigint
    ), upd AS (
      UPDATE points_lots l SET remaining = l.remaining - take.amt FROM take WHERE l.id = take.id
      RETURNING l.id, take.amt
    ), ins AS (
      INSERT INTO points_lot_draws (journal_id, lot_id, amount) SELECT ${journalId}, id, amt FROM upd RETURNING amount
    )
    SELECT sum(amount)::bigint AS total FROM ins`.execute(tx)
  if (Number(drawn.rows[0]?.total ?? 0) !== amount) throw new Error(`lots of ${accountId} do not cover ${amount}`)
}

/** Gives back what a journal drew (a released hold), to the same lots. */
export async function restoreDraws(tx: Kdb, fromJournalId: string, journalId: string): Promise<void> {
  await sql`
    WITH d AS (SELECT lot_id, sum(amount) AS amt FROM points_lot_draws WHERE journal_id = ${fromJournalId} GROUP BY lot_id),
    upd AS (UPDATE points_lots l SET remaining = l.remaining + d.amt FROM d WHERE l.id = d.lot_id RETURNING l.id, d.amt)
    INSERT INTO points_lot_draws (journal_id, lot_id, amount) SELECT ${journalId}, id, -amt FROM upd`.execute(tx)
}

/** Resident accounts with lots that ended before `today`, with what is left in them. */
export async function accountsWithExpiredLots(db: Kdb, today: string, limit: number) {
  const r = await sql<{ account_id: string; community_id: string; total: number }>`
    SELECT l.account_id, a.community_id, sum(l.remaining)::bigint AS total
    FROM points_lots l JOIN points_accounts a ON a.id = l.account_id
    WHERE l.remaining > 0 AND l.expires_on < ${today}
    GROUP BY l.account_id, a.community_id
    ORDER BY l.account_id
    LIMIT ${limit}`.execute(db)
  return r.rows.map((x) => ({ ...x, total: Number(x.total) }))
}

/** Empties the expired lots of one account (caller holds the account's lock); returns the points. */
export async function drainExpiredLots(tx: Kdb, accountId: string, today: string, journalId: string): Promise<number> {
  const r = await sql<{ total: number | null }>`
    WITH upd AS (
      UPDATE points_lots l SET remaining = 0
      FROM (SELECT id, remaining FROM points_lots WHERE account_id = ${accountId} AND remaining > 0 AND expires_on < ${today}) old
      WHERE l.id = old.id RETURNING l.id, old.remaining),
    ins AS (INSERT INTO points_lot_draws (journal_id, lot_id, amount) SELECT ${journalId}, id, remaining FROM upd RETURNING amount)
    SELECT sum(amount)::bigint AS total FROM ins`.execute(tx)
  return Number(r.rows[0]?.total ?? 0)
}

/** Residents with points in lots that end on `expiresOn`, for the month-before notice. */
export async function expiringByUser(db: Kdb, expiresOn: string) {
  const r = await sql<{ user_id: string; total: number }>`
    SELECT a.user_id, sum(l.remaining)::bigint AS total
    FROM points_lots l JOIN points_accounts a ON a.id = l.account_id
    WHERE l.remaining > 0 AND l.expires_on = ${expiresOn} AND a.kind = 'resident'
    GROUP BY a.user_id ORDER BY a.user_id`.execute(db)
  return r.rows.map((x) => ({ userId: x.user_id, total: Number(x.total) }))
}
