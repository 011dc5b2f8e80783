import { sql } from 'kysely'
import type { Kdb } from '../../db/db'

/**
 * SQL of `purge-demo` (cloud/admin/purge-demo.ts has the rule): the set of rows that exist only
 * because of the demo accounts (a temporary table of (table, ctid), dropped at commit), the checks
 * on it, and its removal. Every function runs inside the purge's one transaction.
 */

export interface ForeignKey {
  child: string
  column: string
  parent: string
  parentColumn: string
}

/** Demo accounts (users.demo_account). */
export async function demoAccountIds(db: Kdb): Promise<string[]> {
  return (await db.selectFrom('users').select('id').where('demo_account', '=', true).execute()).map((r) => r.id)
}

/** Every single-column foreign key of the public schema. */
export async function listForeignKeys(tx: Kdb): Promise<ForeignKey[]> {
  const r = await sql<ForeignKey>`
    SELECT c.conrelid::regclass::text AS child, a.attname AS column,
           c.confrelid::regclass::text AS parent, pa.attname AS "parentColumn"
    FROM pg_constraint c
    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
    JOIN pg_attribute pa ON pa.attrelid = c.confrelid AND pa.attnum = c.confkey[1]
    WHERE c.contype = 'f' AND array_length(c.conkey, 1) = 1 AND c.connamespace = 'public'::regnamespace`.execute(tx)
  return r.rows
}

/** The purge set starts with the demo accounts. */
export async function startPurgeSet(tx: Kdb): Promise<void> {
  await sql`CREATE TEMP TABLE purge_rows (tbl text NOT NULL, tid tid NOT NULL, PRIMARY KEY (tbl, tid)) ON COMMIT DROP`.execute(tx)
  await sql`INSERT INTO purge_rows SELECT 'users', ctid FROM users WHERE demo_account`.execute(tx)
}

/** Adds the rows of `into` joined to rows of `from` already in the set; how many were new. */
export async function pullIntoPurgeSet(tx: Kdb, into: string, intoColumn: string, from: string, fromColumn: string): Promise<number> {
  const r = await sql`
    INSERT INTO purge_rows (tbl, tid)
    SELECT ${into}, t.ctid FROM ${sql.table(into)} t JOIN ${sql.table(from)} f ON t.${sql.ref(intoColumn)} = f.${sql.ref(fromColumn)}
    WHERE f.ctid IN (SELECT tid FROM purge_rows WHERE tbl = ${from})
    ON CONFLICT DO NOTHING`.execute(tx)
  return Number(r.numAffectedRows ?? 0)
}

/** Rows in the set per table, by table name. */
export async function purgeSetCounts(tx: Kdb): Promise<{ tbl: string; n: number }[]> {
  return (await sql<{ tbl: string; n: number }>`SELECT tbl, count(*)::int AS n FROM purge_rows GROUP BY tbl ORDER BY tbl`.execute(tx)).rows
}

/** Real (not demo) users the walk reached, e.g. registered by a demo staff member. */
export async function realUsersInPurgeSet(tx: Kdb): Promise<number> {
  return (await sql<{ n: number }>`SELECT count(*)::int AS n FROM users WHERE NOT demo_account AND ctid IN (SELECT tid FROM purge_rows WHERE tbl = 'users')`.execute(tx)).rows[0].n
}

/** Rows of the set whose `fk` column names a real user (e.g. a real resident's report handled by a demo grid worker). */
export async function rowsNamingRealUsers(tx: Kdb, fk: ForeignKey): Promise<number> {
  const r = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM ${sql.table(fk.child)} c JOIN users u ON u.id = c.${sql.ref(fk.column)}
    WHERE c.ctid IN (SELECT tid FROM purge_rows WHERE tbl = ${fk.child}) AND NOT u.demo_account`.execute(tx)
  return r.rows[0].n
}

const inPurge = (tbl: string) => sql`(SELECT tid FROM purge_rows WHERE tbl = ${tbl})`

export interface TiedJournal {
  id: string
  kind: string
  memo: string
}

/** Journals of a ledger in the set with an entry on a real person's account that stays. */
const journalsOnRealAccounts = (journals: string, entries: string, accounts: string) => sql`
  SELECT DISTINCT j.id, j.kind, j.memo, j.created_at AS at
  FROM ${sql.table(journals)} j
  JOIN ${sql.table(entries)} e ON e.journal_id = j.id
  JOIN ${sql.table(accounts)} a ON a.id = e.account_id
  WHERE j.ctid IN ${inPurge(journals)} AND a.user_id IS NOT NULL AND a.ctid NOT IN ${inPurge(accounts)}`

/** 积分 and 时间银行 journals that would go but also move a real person's points or minutes (a row that stays). */
export async function journalsTiedToRealAccounts(tx: Kdb): Promise<{ points: TiedJournal[]; minutes: TiedJournal[] }> {
  const points = await sql<TiedJournal & { at: Date }>`
    ${journalsOnRealAccounts('points_journals', 'points_entries', 'points_accounts')}
    UNION
    SELECT DISTINCT j.id, j.kind, j.memo, j.created_at
    FROM points_journals j
    JOIN points_lot_draws d ON d.journal_id = j.id
    JOIN points_lots l ON l.id = d.lot_id
    WHERE j.ctid IN ${inPurge('points_journals')} AND l.ctid NOT IN ${inPurge('points_lots')}
    ORDER BY at, id LIMIT 20`.execute(tx)
  const minutes = await sql<TiedJournal & { at: Date }>`
    ${journalsOnRealAccounts('timebank_journals', 'timebank_entries', 'timebank_accounts')}
    ORDER BY at, id LIMIT 20`.execute(tx)
  return { points: points.rows, minutes: minutes.rows }
}

/**
 * The system accounts (issuing, shop, expiry; time bank issuing, spent) stay; their cached balances
 * lose exactly the entries that go (each account in one guarded UPDATE; the balance CHECKs stay the
 * backstop). Called after journalsTiedToRealAccounts found no real account among them.
 */
export async function settleSystemAccounts(tx: Kdb): Promise<void> {
  await sql`
    UPDATE points_accounts a
    SET available = a.available - s.available, held = a.held - s.held, version = a.version + 1
    FROM (SELECT account_id,
                 coalesce(sum(amount) FILTER (WHERE bucket = 'available'), 0) AS available,
                 coalesce(sum(amount) FILTER (WHERE bucket = 'held'), 0) AS held
          FROM points_entries WHERE ctid IN ${inPurge('points_entries')} GROUP BY account_id) s
    WHERE a.id = s.account_id AND a.user_id IS NULL`.execute(tx)
  await sql`
    UPDATE timebank_accounts a
    SET balance = a.balance - s.amount, version = a.version + 1
    FROM (SELECT account_id, sum(amount) AS amount FROM timebank_entries WHERE ctid IN ${inPurge('timebank_entries')} GROUP BY account_id) s
    WHERE a.id = s.account_id AND a.user_id IS NULL`.execute(tx)
}

/** Configuration a demo account wrote stays: only the name of its demo author is cleared. */
export async function clearDemoAuthor(tx: Kdb, table: string, column: string): Promise<void> {
  await sql`UPDATE ${sql.table(table)} SET ${sql.ref(column)} = NULL
            WHERE ${sql.ref(column)} IN (SELECT id FROM users WHERE demo_account) AND ctid NOT IN ${inPurge(table)}`.execute(tx)
}

/** The deferred ledger foreign keys (lots, draws, earnings → journal) checked per statement, in this transaction only. */
export async function checkConstraintsNow(tx: Kdb): Promise<void> {
  await sql`SET CONSTRAINTS ALL IMMEDIATE`.execute(tx)
}

/**
 * Deletes the set's rows of one table; false (and nothing deleted) when rows still reference them,
 * so the caller tries again after their children are gone.
 */
export async function deletePurgedRows(tx: Kdb, table: string): Promise<boolean> {
  await sql`SAVEPOINT purge_step`.execute(tx)
  try {
    // users by flag, not by ctid: deleting their roles bumps session_version (0014 trigger),
    // which rewrites the row under a new ctid; every user in the set is a demo one (checked before)
    if (table === 'users') await sql`DELETE FROM users WHERE demo_account`.execute(tx)
    else await sql`DELETE FROM ${sql.table(table)} WHERE ctid IN (SELECT tid FROM purge_rows WHERE tbl = ${table})`.execute(tx)
    await sql`RELEASE SAVEPOINT purge_step`.execute(tx)
    return true
  } catch (error) {
    if ((error as { code?: string }).code !== '23503') throw error
    await sql`ROLLBACK TO SAVEPOINT purge_step`.execute(tx)
    return false
  }
}

/** The first street admin (the log of the purge names them: the demo actors no longer exist). */
export async function firstStreetAdmin(tx: Kdb) {
  return tx
    .selectFrom('role_assignments as r')
    .innerJoin('org_units as o', 'o.id', 'r.org_unit_id')
    .select(['r.user_id', 'o.path'])
    .where('r.role', '=', 'street_admin')
    .orderBy('r.created_at')
    .executeTakeFirst()
}
