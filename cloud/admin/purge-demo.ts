import { sql } from 'kysely'
import type { Kdb } from '../db/db'
import { AppError } from '../platform/errors'
import { newId } from '../platform/ids'

interface ForeignKey {
  child: string
  column: string
  parent: string
  parentColumn: string
}

/** The 积分 / 时间银行 ledger tables (append-only double entry; see the rule on purgeDemo). */
const LEDGER_TABLES = ['points_entries', 'points_journals', 'points_lots', 'points_lot_draws', 'timebank_entries', 'timebank_journals']

/**
 * Ledger rows that point up at their journal. Following foreign keys down from an account reaches
 * one leg of a journal (the demo resident's entry) but not the journal or its other legs (the
 * community's issuing / shop / expiry account): when one such row goes, its whole journal goes.
 */
const JOURNAL_OF: ForeignKey[] = [
  { child: 'points_entries', column: 'journal_id', parent: 'points_journals', parentColumn: 'id' },
  { child: 'points_lots', column: 'journal_id', parent: 'points_journals', parentColumn: 'id' },
  { child: 'points_lot_draws', column: 'journal_id', parent: 'points_journals', parentColumn: 'id' },
  { child: 'timebank_entries', column: 'journal_id', parent: 'timebank_journals', parentColumn: 'id' },
]

/**
 * The street's configuration: a demo account may have written it (the demo admin set the street up and
 * its default 积分 rules were copied in under that name), but real people keep using it (a real
 * resident's earning names its rule). It stays; only the name of the demo author is cleared.
 */
const CONFIGURATION_AUTHOR = [
  { table: 'points_rules', column: 'created_by' },
  { table: 'street_settings', column: 'updated_by' },
  { table: 'org_unit_boundaries', column: 'updated_by' },
]

export interface PurgeResult {
  dryRun: boolean
  accounts: number
  rows: Record<string, number>
  summary: string
}

/**
 * `npm run admin -- purge-demo`: removes the demo accounts (users.demo_account) and every row that
 * exists only because of them (found by following the foreign keys down from those accounts), in one
 * transaction; the street's configuration a demo account wrote (CONFIGURATION_AUTHOR) stays, without
 * its author. Refuses, writing nothing and naming what blocks it, when a real person is tied to what
 * would go (a real user registered by a demo account, a row that also names a real user).
 *
 * The ledgers (积分 points, 时间银行 minutes) are append-only double entry with cached balances. The
 * purge is the one place that removes ledger rows, by this rule:
 * - a journal goes whole (all its entries, lots and lot draws, and what points at it: earnings,
 *   redemptions, reversals) when any of its rows goes, i.e. when it touches a demo person's account;
 * - such a journal may touch only demo people's accounts and the community/street system accounts
 *   (issuing, shop, expiry, spent). A journal that also touches a real person's account (a demo
 *   volunteer's gift to a real resident, a demo staff member's adjustment of a real balance, a draw on
 *   a real person's lot) makes the purge refuse: removing it would change a real balance;
 * - the system accounts' cached balances (available and held; minutes) are lowered by exactly the
 *   entries that go, in the same transaction, so every reconciliation (points: journals sum to zero,
 *   balances = entries, resident balances = open lots; time bank: the same) still holds afterwards.
 *   System accounts have no lots (lots belong to residents), so no lot of a remaining account changes.
 * No trigger or rule forbids DELETE on the ledger tables (0003, 0005, 0008, 0009 protect them with
 * CHECKs and foreign keys only; the only triggers, in 0014, are on users and role_assignments), so
 * nothing is switched off: the deferred ledger foreign keys are made immediate for this transaction
 * only (SET CONSTRAINTS), so that a delete in the wrong order is caught at once and retried later.
 */
export async function purgeDemo(db: Kdb, now: Date, opts: { dryRun: boolean }): Promise<PurgeResult> {
  return db.transaction().execute(async (tx) => {
    const allFks = (
      await sql<ForeignKey>`
        SELECT c.conrelid::regclass::text AS child, a.attname AS column,
               c.confrelid::regclass::text AS parent, pa.attname AS "parentColumn"
        FROM pg_constraint c
        JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
        JOIN pg_attribute pa ON pa.attrelid = c.confrelid AND pa.attnum = c.confkey[1]
        WHERE c.contype = 'f' AND array_length(c.conkey, 1) = 1 AND c.connamespace = 'public'::regnamespace`.execute(tx)
    ).rows
    const fks = allFks.filter((f) => !CONFIGURATION_AUTHOR.some((c) => c.table === f.child && c.column === f.column))
    const demo = await tx.selectFrom('users').select('id').where('demo_account', '=', true).execute()
    if (demo.length === 0) return { dryRun: opts.dryRun, accounts: 0, rows: {}, summary: '没有演示账号，不需要清除。' }

    await sql`CREATE TEMP TABLE purge_rows (tbl text NOT NULL, tid tid NOT NULL, PRIMARY KEY (tbl, tid)) ON COMMIT DROP`.execute(tx)
    await sql`INSERT INTO purge_rows SELECT 'users', ctid FROM users WHERE demo_account`.execute(tx)
    // everything that references a row that goes, and the journal of every ledger row that goes, transitively
    // adds the rows of `into` joined to rows of `from` already in the set; how many were new
    const pull = async (into: string, intoColumn: string, from: string, fromColumn: string): Promise<number> => {
      const r = await sql`
        INSERT INTO purge_rows (tbl, tid)
        SELECT ${into}, t.ctid FROM ${sql.table(into)} t JOIN ${sql.table(from)} f ON t.${sql.ref(intoColumn)} = f.${sql.ref(fromColumn)}
        WHERE f.ctid IN (SELECT tid FROM purge_rows WHERE tbl = ${from})
        ON CONFLICT DO NOTHING`.execute(tx)
      return Number(r.numAffectedRows ?? 0)
    }
    for (let added = 1; added > 0; ) {
      added = 0
      for (const up of JOURNAL_OF) added += await pull(up.parent, up.parentColumn, up.child, up.column)
      for (const fk of fks) added += await pull(fk.child, fk.column, fk.parent, fk.parentColumn)
    }
    const counts = (await sql<{ tbl: string; n: number }>`SELECT tbl, count(*)::int AS n FROM purge_rows GROUP BY tbl ORDER BY tbl`.execute(tx)).rows
    const rows = Object.fromEntries(counts.map((c) => [c.tbl, c.n]))

    const problems: string[] = []
    const realUsers = await sql<{ n: number }>`SELECT count(*)::int AS n FROM users WHERE NOT demo_account AND ctid IN (SELECT tid FROM purge_rows WHERE tbl = 'users')`.execute(tx)
    if (realUsers.rows[0].n > 0) problems.push(`${realUsers.rows[0].n} 位真实用户由演示账号登记或关联`)
    // a row that goes but also names a real person (e.g. a real resident's report handled by a demo grid worker)
    for (const fk of fks.filter((f) => f.parent === 'users')) {
      const r = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM ${sql.table(fk.child)} c JOIN users u ON u.id = c.${sql.ref(fk.column)}
        WHERE c.ctid IN (SELECT tid FROM purge_rows WHERE tbl = ${fk.child}) AND NOT u.demo_account`.execute(tx)
      if (r.rows[0].n > 0) problems.push(`${fk.child}.${fk.column}：${r.rows[0].n} 条记录同时涉及真实用户`)
    }
    problems.push(...(await ledgerTies(tx)))
    const ledger = LEDGER_TABLES.filter((t) => rows[t])
    const table = counts.map((c) => `  ${c.tbl}: ${c.n}`).join('\n')
    if (problems.length) {
      throw new AppError(
        'RULE_REFUSED',
        { problems, rows },
        `不能清除演示账号，什么都没有改：\n- ${problems.join('\n- ')}\n会涉及的记录：\n${table}\n建议：真实街道从空数据库开始（DEMO_MODE=false，再运行 create-street）；演示账号在 DEMO_MODE=false 时不能登录。`,
      )
    }
    const ledgerNote = ledger.length ? `\n积分/时间银行流水整笔删除，社区系统账户余额同步扣回：${ledger.map((t) => `${t} ${rows[t]} 条`).join('、')}` : ''
    if (opts.dryRun) return { dryRun: true, accounts: demo.length, rows, summary: `试运行：将清除 ${demo.length} 个演示账号及以下记录（未写入）：\n${table}${ledgerNote}` }

    await settleSystemAccounts(tx)
    for (const c of CONFIGURATION_AUTHOR) {
      await sql`UPDATE ${sql.table(c.table)} SET ${sql.ref(c.column)} = NULL
                WHERE ${sql.ref(c.column)} IN (SELECT id FROM users WHERE demo_account) AND ctid NOT IN ${inPurge(c.table)}`.execute(tx)
    }
    // the deferred ledger foreign keys (lots, draws, earnings → journal) checked per statement, in this transaction only
    await sql`SET CONSTRAINTS ALL IMMEDIATE`.execute(tx)
    // children before parents: a delete that still has referencing rows waits for the next pass
    let left = counts.map((c) => c.tbl)
    for (let pass = 0; left.length && pass < left.length + 5; pass++) {
      const still: string[] = []
      for (const t of left) {
        await sql`SAVEPOINT purge_step`.execute(tx)
        try {
          // users by flag, not by ctid: deleting their roles bumps session_version (0014 trigger),
          // which rewrites the row under a new ctid; every user in the set is a demo one (checked above)
          if (t === 'users') await sql`DELETE FROM users WHERE demo_account`.execute(tx)
          else await sql`DELETE FROM ${sql.table(t)} WHERE ctid IN (SELECT tid FROM purge_rows WHERE tbl = ${t})`.execute(tx)
          await sql`RELEASE SAVEPOINT purge_step`.execute(tx)
        } catch (error) {
          if ((error as { code?: string }).code !== '23503') throw error
          await sql`ROLLBACK TO SAVEPOINT purge_step`.execute(tx)
          still.push(t)
        }
      }
      left = still
    }
    if (left.length) throw new AppError('CONFLICT', { tables: left }, `有记录互相引用，无法清除：${left.join('、')}`)
    // the log names no one who no longer exists: the actor of the purge is the first street admin
    const admin = await tx
      .selectFrom('role_assignments as r')
      .innerJoin('org_units as o', 'o.id', 'r.org_unit_id')
      .select(['r.user_id', 'o.path'])
      .where('r.role', '=', 'street_admin')
      .orderBy('r.created_at')
      .executeTakeFirst()
    if (admin) await tx.insertInto('audit_log').values({ id: newId(), actor_id: admin.user_id, action: 'admin.demo_purged', details: JSON.stringify({ via: 'cli', accounts: demo.length, rows }), scope_path: admin.path, created_at: now }).execute()
    return { dryRun: false, accounts: demo.length, rows, summary: `已清除 ${demo.length} 个演示账号及以下记录：\n${table}${ledgerNote}` }
  })
}

const inPurge = (tbl: string) => sql`(SELECT tid FROM purge_rows WHERE tbl = ${tbl})`

/** Journals that would go but also move a real person's points or minutes (a row that stays). */
async function ledgerTies(tx: Kdb): Promise<string[]> {
  const problems: string[] = []
  const points = await sql<{ id: string; kind: string; memo: string; at: Date }>`
    SELECT DISTINCT j.id, j.kind, j.memo, j.created_at AS at
    FROM points_journals j
    JOIN points_entries e ON e.journal_id = j.id
    JOIN points_accounts a ON a.id = e.account_id
    WHERE j.ctid IN ${inPurge('points_journals')} AND a.user_id IS NOT NULL AND a.ctid NOT IN ${inPurge('points_accounts')}
    UNION
    SELECT DISTINCT j.id, j.kind, j.memo, j.created_at
    FROM points_journals j
    JOIN points_lot_draws d ON d.journal_id = j.id
    JOIN points_lots l ON l.id = d.lot_id
    WHERE j.ctid IN ${inPurge('points_journals')} AND l.ctid NOT IN ${inPurge('points_lots')}
    ORDER BY at, id LIMIT 20`.execute(tx)
  for (const j of points.rows) problems.push(`积分流水 ${j.id}（${j.kind}「${j.memo}」）同时动了真实用户的积分，不能删除`)
  const minutes = await sql<{ id: string; kind: string; memo: string; at: Date }>`
    SELECT DISTINCT j.id, j.kind, j.memo, j.created_at AS at
    FROM timebank_journals j
    JOIN timebank_entries e ON e.journal_id = j.id
    JOIN timebank_accounts a ON a.id = e.account_id
    WHERE j.ctid IN ${inPurge('timebank_journals')} AND a.user_id IS NOT NULL AND a.ctid NOT IN ${inPurge('timebank_accounts')}
    ORDER BY at, id LIMIT 20`.execute(tx)
  for (const j of minutes.rows) problems.push(`时间银行流水 ${j.id}（${j.kind}「${j.memo}」）同时动了真实用户的时长，不能删除`)
  return problems
}

/**
 * The system accounts (issuing, shop, expiry; time bank issuing, spent) stay; their cached balances
 * lose exactly the entries that go (each account in one guarded UPDATE; the balance CHECKs stay the
 * backstop). Called after ledgerTies found no real account among them.
 */
async function settleSystemAccounts(tx: Kdb): Promise<void> {
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
