import type { Kdb } from '../db/db'
import { AppError } from '../platform/errors'
import { writeAudit } from './repository/audit'
import {
  checkConstraintsNow,
  clearDemoAuthor,
  deletePurgedRows,
  demoAccountIds,
  firstStreetAdmin,
  journalsTiedToRealAccounts,
  listForeignKeys,
  pullIntoPurgeSet,
  purgeSetCounts,
  realUsersInPurgeSet,
  rowsNamingRealUsers,
  settleSystemAccounts,
  startPurgeSet,
  type ForeignKey,
} from './repository/purge'

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
    const fks = (await listForeignKeys(tx)).filter((f) => !CONFIGURATION_AUTHOR.some((c) => c.table === f.child && c.column === f.column))
    const demo = await demoAccountIds(tx)
    if (demo.length === 0) return { dryRun: opts.dryRun, accounts: 0, rows: {}, summary: '没有演示账号，不需要清除。' }

    await startPurgeSet(tx)
    // everything that references a row that goes, and the journal of every ledger row that goes, transitively
    for (let added = 1; added > 0;) {
      added = 0
      for (const up of JOURNAL_OF) added += await pullIntoPurgeSet(tx, up.parent, up.parentColumn, up.child, up.column)
      for (const fk of fks) added += await pullIntoPurgeSet(tx, fk.child, fk.column, fk.parent, fk.parentColumn)
    }
    const counts = await purgeSetCounts(tx)
    const rows = Object.fromEntries(counts.map((c) => [c.tbl, c.n]))

    const problems: string[] = []
    const realUsers = await realUsersInPurgeSet(tx)
    if (realUsers > 0) problems.push(`${realUsers} 位真实用户由演示账号登记或关联`)
    // a row that goes but also names a real person (e.g. a real resident's report handled by a demo grid worker)
    for (const fk of fks.filter((f) => f.parent === 'users')) {
      const n = await rowsNamingRealUsers(tx, fk)
      if (n > 0) problems.push(`${fk.child}.${fk.column}：${n} 条记录同时涉及真实用户`)
    }
    const tied = await journalsTiedToRealAccounts(tx)
    for (const j of tied.points) problems.push(`积分流水 ${j.id}（${j.kind}「${j.memo}」）同时动了真实用户的积分，不能删除`)
    for (const j of tied.minutes) problems.push(`时间银行流水 ${j.id}（${j.kind}「${j.memo}」）同时动了真实用户的时长，不能删除`)
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
    for (const c of CONFIGURATION_AUTHOR) await clearDemoAuthor(tx, c.table, c.column)
    await checkConstraintsNow(tx)
    // children before parents: a delete that still has referencing rows waits for the next pass
    let left = counts.map((c) => c.tbl)
    for (let pass = 0; left.length && pass < left.length + 5; pass++) {
      const still: string[] = []
      for (const t of left) if (!(await deletePurgedRows(tx, t))) still.push(t)
      left = still
    }
    if (left.length) throw new AppError('CONFLICT', { tables: left }, `有记录互相引用，无法清除：${left.join('、')}`)
    // the log names no one who no longer exists: the actor of the purge is the first street admin
    const admin = await firstStreetAdmin(tx)
    if (admin) await writeAudit(tx, { actorId: admin.user_id, action: 'admin.demo_purged', details: { via: 'cli', accounts: demo.length, rows }, scopePath: admin.path, now })
    return { dryRun: false, accounts: demo.length, rows, summary: `已清除 ${demo.length} 个演示账号及以下记录：\n${table}${ledgerNote}` }
  })
}
