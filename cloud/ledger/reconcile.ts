import { sql } from 'kysely'
import type { Kdb } from '../db/db'
import type { LedgerSpec } from './spec'

/**
 * Reconciliation, read only: journals whose entries do not sum to zero (or that have fewer than two),
 * and accounts whose cached balances differ from the sum of their entries or that went below zero
 * where they may not. Run it in one snapshot (REPEATABLE READ) so postings are wholly in or out.
 */

function scoped(spec: LedgerSpec, alias: string, scope: string | null) {
  return spec.scopeColumn && scope ? sql`${sql.ref(`${alias}.${spec.scopeColumn}`)} = ${scope}` : sql`TRUE`
}
const limitOf = (limit: number | null) => (limit === null ? sql`` : sql`LIMIT ${limit}`)

export async function unbalancedJournals(db: Kdb, spec: LedgerSpec, scope: string | null = null, limit: number | null = null): Promise<string[]> {
  const unbalanced = await sql<{ id: string }>`
    SELECT e.journal_id AS id FROM ${sql.table(spec.entries)} e WHERE ${scoped(spec, 'e', scope)}
    GROUP BY e.journal_id HAVING sum(e.amount) <> 0 OR count(*) < 2 ${limitOf(limit)}`.execute(db)
  // a journal with no entries at all is as wrong as one that does not sum to zero
  const empty = await sql<{ id: string }>`
    SELECT j.id FROM ${sql.table(spec.journals)} j WHERE ${scoped(spec, 'j', scope)}
      AND NOT EXISTS (SELECT 1 FROM ${sql.table(spec.entries)} e WHERE e.journal_id = j.id) ${limitOf(limit)}`.execute(db)
  return [...unbalanced.rows.map((r) => r.id), ...empty.rows.map((r) => r.id)]
}

export interface AccountCheck {
  id: string
  kind: string
  /** bucket → cached balance */
  balances: Record<string, number>
  /** bucket → sum of the account's entries */
  entries: Record<string, number>
  drifted: boolean
  negative: boolean
}

/** Accounts that drifted from their entries or went below zero where they may not. */
export async function accountsOff(db: Kdb, spec: LedgerSpec, scope: string | null = null, limit: number | null = null): Promise<AccountCheck[]> {
  const bucketed = spec.buckets.length > 1
  const sums = spec.buckets.map((b) => (bucketed ? sql`sum(amount) FILTER (WHERE bucket = ${b.name}) AS ${sql.ref(`e_${b.name}`)}` : sql`sum(amount) AS ${sql.ref(`e_${b.name}`)}`))
  const cols = spec.buckets.flatMap((b) => [sql`a.${sql.ref(b.column)} AS ${sql.ref(`b_${b.name}`)}`, sql`coalesce(s.${sql.ref(`e_${b.name}`)}, 0)::bigint AS ${sql.ref(`e_${b.name}`)}`])
  const drift = spec.buckets.map((b) => sql`a.${sql.ref(b.column)} <> coalesce(s.${sql.ref(`e_${b.name}`)}, 0)`)
  const negative = spec.buckets.map((b) => (b.unboundedMay ? sql`(a.kind <> ${spec.unboundedKind} AND a.${sql.ref(b.column)} < 0)` : sql`a.${sql.ref(b.column)} < 0`))
  const r = await sql<Record<string, unknown> & { id: string; kind: string; drifted: boolean; negative: boolean }>`
    WITH s AS (
      SELECT account_id, ${sql.join(sums)} FROM ${sql.table(spec.entries)} e WHERE ${scoped(spec, 'e', scope)} GROUP BY account_id)
    SELECT a.id, a.kind, ${sql.join(cols)}, (${sql.join(drift, sql` OR `)}) AS drifted, (${sql.join(negative, sql` OR `)}) AS negative
    FROM ${sql.table(spec.accounts)} a LEFT JOIN s ON s.account_id = a.id
    WHERE ${scoped(spec, 'a', scope)} AND (${sql.join([...drift, ...negative], sql` OR `)})
    ORDER BY a.id ${limitOf(limit)}`.execute(db)
  return r.rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    balances: Object.fromEntries(spec.buckets.map((b) => [b.name, Number(row[`b_${b.name}`])])),
    entries: Object.fromEntries(spec.buckets.map((b) => [b.name, Number(row[`e_${b.name}`])])),
    drifted: row.drifted,
    negative: row.negative,
  }))
}
