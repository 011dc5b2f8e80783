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

/** Tables whose rows are an append-only ledger: never deleted, so demo accounts with such history stay. */
const LEDGER_TABLES = ['points_entries', 'points_journals', 'points_lots', 'points_lot_draws', 'timebank_entries', 'timebank_journals']

export interface PurgeResult {
  dryRun: boolean
  accounts: number
  rows: Record<string, number>
  summary: string
}

/**
 * `npm run admin -- purge-demo`: removes the demo accounts (users.demo_account) and every row that
 * exists only because of them (found by following the foreign keys down from those accounts), in one
 * transaction. Refuses, writing nothing, when a real person is tied to what would go (a real user
 * registered by a demo account, a row that also names a real user) or when the demo accounts have
 * ledger history (积分 / 时间银行 ledgers are append-only and their totals must keep adding up).
 */
export async function purgeDemo(db: Kdb, now: Date, opts: { dryRun: boolean }): Promise<PurgeResult> {
  return db.transaction().execute(async (tx) => {
    const fks = (
      await sql<ForeignKey>`
        SELECT c.conrelid::regclass::text AS child, a.attname AS column,
               c.confrelid::regclass::text AS parent, pa.attname AS "parentColumn"
        FROM pg_constraint c
        JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
        JOIN pg_attribute pa ON pa.attrelid = c.confrelid AND pa.attnum = c.confkey[1]
        WHERE c.contype = 'f' AND array_length(c.conkey, 1) = 1 AND c.connamespace = 'public'::regnamespace`.execute(tx)
    ).rows
    const demo = await tx.selectFrom('users').select('id').where('demo_account', '=', true).execute()
    if (demo.length === 0) return { dryRun: opts.dryRun, accounts: 0, rows: {}, summary: '没有演示账号，不需要清除。' }

    await sql`CREATE TEMP TABLE purge_rows (tbl text NOT NULL, tid tid NOT NULL, PRIMARY KEY (tbl, tid)) ON COMMIT DROP`.execute(tx)
    await sql`INSERT INTO purge_rows SELECT 'users', ctid FROM users WHERE demo_account`.execute(tx)
    // everything that references a row that goes, transitively
    for (let added = 1; added > 0; ) {
      added = 0
      for (const fk of fks) {
        const r = await sql`
          INSERT INTO purge_rows (tbl, tid)
          SELECT ${fk.child}, c.ctid FROM ${sql.table(fk.child)} c JOIN ${sql.table(fk.parent)} p ON c.${sql.ref(fk.column)} = p.${sql.ref(fk.parentColumn)}
          WHERE p.ctid IN (SELECT tid FROM purge_rows WHERE tbl = ${fk.parent})
          ON CONFLICT DO NOTHING`.execute(tx)
        added += Number(r.numAffectedRows ?? 0)
      }
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
    const ledger = LEDGER_TABLES.filter((t) => rows[t])
    if (ledger.length) problems.push(`演示账号有积分或时间银行流水（${ledger.map((t) => `${t} ${rows[t]} 条`).join('、')}），账本只能追加、不能删除`)
    const table = counts.map((c) => `  ${c.tbl}: ${c.n}`).join('\n')
    if (problems.length) {
      throw new AppError(
        'RULE_REFUSED',
        { problems, rows },
        `不能清除演示账号，什么都没有改：\n- ${problems.join('\n- ')}\n会涉及的记录：\n${table}\n建议：真实街道从空数据库开始（DEMO_MODE=false，再运行 create-street）；演示账号在 DEMO_MODE=false 时不能登录。`,
      )
    }
    if (opts.dryRun) return { dryRun: true, accounts: demo.length, rows, summary: `试运行：将清除 ${demo.length} 个演示账号及以下记录（未写入）：\n${table}` }

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
    return { dryRun: false, accounts: demo.length, rows, summary: `已清除 ${demo.length} 个演示账号及以下记录：\n${table}` }
  })
}
