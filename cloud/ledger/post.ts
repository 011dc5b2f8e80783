import { sql } from 'kysely'
import type { Kdb } from '../db/db'
import { AppError } from '../platform/errors'
import { newId } from '../platform/ids'
import { bucketOf, type JournalRow, type LedgerSpec, type Line } from './spec'

/** Entries of a posting must sum to zero, be whole non-zero numbers, and be at least two. */
export function assertBalanced(spec: LedgerSpec, kind: string, lines: readonly Line[]): void {
  if (lines.length < 2 || lines.reduce((s, l) => s + l.amount, 0) !== 0 || lines.some((l) => !Number.isSafeInteger(l.amount) || l.amount === 0)) {
    throw new Error(`unbalanced ${spec.name} journal ${kind}: ${JSON.stringify(lines)}`)
  }
}

/** What each account's buckets move by, accounts in id order (the order postings lock them in). */
export function netDeltas(spec: LedgerSpec, lines: readonly Line[]): { accountId: string; deltas: Record<string, number> }[] {
  const byAccount = new Map<string, Record<string, number>>()
  for (const l of lines) {
    const d = byAccount.get(l.accountId) ?? {}
    const b = bucketOf(spec, l)
    d[b] = (d[b] ?? 0) + l.amount
    byAccount.set(l.accountId, d)
  }
  return [...byAccount.keys()].sort().map((accountId) => ({ accountId, deltas: byAccount.get(accountId)! }))
}

/**
 * Posts one journal: the journal row and its entries in one statement (no lock on anything shared;
 * a unique key on the journal stops a second posting here), then the balances, one guarded
 * single-statement UPDATE per account in id order (so two postings never wait on each other in
 * opposite orders, and system rows — whose ids sort last — are locked last and only until the
 * commit). An update that would take a guarded balance below zero matches no row and the whole
 * posting is refused with the spec's `insufficient` code; the tables' CHECKs are the backstop.
 */
export async function postJournal(tx: Kdb, spec: LedgerSpec, journal: JournalRow, lines: readonly Line[]): Promise<string> {
  assertBalanced(spec, journal.kind, lines)
  const extra = Object.entries(journal.columns ?? {})
  const columns = ['id', 'kind', 'memo', 'actor_id', 'reverses_id', 'reason', 'created_at', ...extra.map(([c]) => c)]
  const id = journal.id ?? newId()
  const values = [id, journal.kind, journal.memo.slice(0, 200), journal.actorId ?? null, journal.reversesId ?? null, journal.reason ?? null, journal.now, ...extra.map(([, v]) => v)]
  const scope = spec.scopeColumn ? (journal.columns?.[spec.scopeColumn] as string | undefined) : undefined
  if (spec.scopeColumn && !scope) throw new Error(`${spec.name} journal without ${spec.scopeColumn}`)
  const bucketed = spec.buckets.length > 1
  const entryColumns = ['journal_id', 'account_id', 'amount', 'created_at', ...(bucketed ? ['bucket'] : []), ...(spec.scopeColumn ? [spec.scopeColumn] : [])]
  await sql`
    WITH j AS (
      INSERT INTO ${sql.table(spec.journals)} (${sql.join(columns.map((c) => sql.ref(c)))})
      VALUES (${sql.join(values)})
      RETURNING id)
    INSERT INTO ${sql.table(spec.entries)} (${sql.join(entryColumns.map((c) => sql.ref(c)))})
    SELECT j.id, l.account_id, l.amount, ${journal.now}::timestamptz
      ${bucketed ? sql`, l.bucket` : sql``} ${scope ? sql`, ${scope}::uuid` : sql``}
    FROM j, unnest(${lines.map((l) => l.accountId)}::uuid[], ${lines.map((l) => l.amount)}::bigint[], ${lines.map((l) => bucketOf(spec, l))}::text[]) AS l(account_id, amount, bucket)`.execute(tx)
  await applyBalances(tx, spec, lines)
  return id
}

/** The balance half of a posting (the entries are written by the caller): guarded UPDATEs in account-id order. */
export async function applyBalances(tx: Kdb, spec: LedgerSpec, lines: readonly Line[]): Promise<void> {
  for (const { accountId, deltas } of netDeltas(spec, lines)) {
    const moves = spec.buckets.filter((b) => (deltas[b.name] ?? 0) !== 0).map((b) => ({ ...b, delta: deltas[b.name] }))
    if (moves.length === 0) continue
    const set = moves.map((m) => sql`${sql.ref(m.column)} = ${sql.ref(m.column)} + ${m.delta}`)
    const guards = moves.map((m) => (m.unboundedMay ? sql`(kind = ${spec.unboundedKind} OR ${sql.ref(m.column)} + ${m.delta} >= 0)` : sql`${sql.ref(m.column)} + ${m.delta} >= 0`))
    const updated = await sql<{ id: string }>`
      UPDATE ${sql.table(spec.accounts)} SET ${sql.join([...set, sql`version = version + 1`])}
      WHERE id = ${accountId} AND ${sql.join(guards, sql` AND `)}
      RETURNING id`.execute(tx)
    if (updated.rows.length === 0) throw new AppError(spec.insufficient, { accountId })
  }
}
