import { sql } from 'kysely'
import type { Kdb } from '../db/db'
import { newId } from '../platform/ids'
import type { LedgerSpec } from './spec'

/** Concurrent postings spread over this many rows of a hot system account instead of queueing on one. */
export const SYSTEM_SLOTS = 64

/** A slot chosen from an id, so one person's postings always hit the same system row. */
export function slotOf(id: string, slots = SYSTEM_SLOTS): number {
  let h = 0
  for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) | 0
  return Math.abs(h) % slots
}

/** Ids above every uuid v7 (ffffffff-…): system rows sort after people's and are locked last. */
export function systemAccountId(): string {
  const hex = newId().replace(/-/g, '')
  return `ffffffff-${hex.slice(20, 24)}-7${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

// Account ids never change once committed; remembered per database handle (a transaction's own
// handle remembers only for that transaction, so an id created in one that rolls back is forgotten with it).
const accountCache = new WeakMap<Kdb, Map<string, string>>()

/**
 * The account matching `identity` (column → value, null meaning IS NULL), created with `values` on
 * first use. A racing creator makes ON CONFLICT return nothing while this statement's snapshot
 * cannot see its row yet: the next statement (fresh snapshot under READ COMMITTED) does.
 */
export async function ensureAccount(db: Kdb, spec: LedgerSpec, values: Record<string, unknown>, identity: Record<string, unknown>): Promise<string> {
  const key = `${spec.accounts}:${JSON.stringify(identity)}`
  let cache = accountCache.get(db)
  const hit = cache?.get(key)
  if (hit) return hit
  const columns = Object.keys(values)
  const where = Object.entries(identity).map(([c, v]) => (v === null ? sql`${sql.ref(c)} IS NULL` : sql`${sql.ref(c)} = ${v}`))
  for (let i = 0; i < 3; i++) {
    const row = await sql<{ id: string }>`
      WITH ins AS (
        INSERT INTO ${sql.table(spec.accounts)} (${sql.join(columns.map((c) => sql.ref(c)))}) VALUES (${sql.join(columns.map((c) => values[c]))})
        ON CONFLICT DO NOTHING RETURNING id)
      SELECT id FROM ins
      UNION ALL SELECT id FROM ${sql.table(spec.accounts)} WHERE ${sql.join(where, sql` AND `)}
      LIMIT 1`.execute(db)
    if (row.rows[0]) {
      if (!cache) accountCache.set(db, (cache = new Map()))
      cache.set(key, row.rows[0].id)
      return row.rows[0].id
    }
  }
  throw new Error(`could not create ${spec.name} account`)
}
