import { sql } from 'kysely'
import type { Kdb } from '../db/db'
import type { LedgerSpec, Line } from './spec'

export interface EntryRow {
  account_id: string
  account_kind: string
  bucket: string
  amount: number
}

/** A journal's entries with their account's kind, in the order they were written. */
export async function journalEntries(db: Kdb, spec: LedgerSpec, journalId: string): Promise<EntryRow[]> {
  const bucket = spec.buckets.length > 1 ? sql`e.bucket` : sql`${spec.buckets[0].name}::text`
  const r = await sql<EntryRow>`
    SELECT e.account_id, a.kind AS account_kind, ${bucket} AS bucket, e.amount
    FROM ${sql.table(spec.entries)} e JOIN ${sql.table(spec.accounts)} a ON a.id = e.account_id
    WHERE e.journal_id = ${journalId} ORDER BY e.id`.execute(db)
  return r.rows.map((e) => ({ ...e, amount: Number(e.amount) }))
}

/** The opposite entries of a journal: what a reversing journal posts (never an edit). */
export function reversalLines(entries: readonly EntryRow[]): Line[] {
  return entries.map((e) => ({ accountId: e.account_id, bucket: e.bucket, amount: -e.amount }))
}

/** Whether a journal was already reversed (reverses_id is UNIQUE: the second reversal fails there too). */
export async function isReversed(db: Kdb, spec: LedgerSpec, journalId: string): Promise<boolean> {
  const r = await sql<{ id: string }>`SELECT id FROM ${sql.table(spec.journals)} WHERE reverses_id = ${journalId} LIMIT 1`.execute(db)
  return r.rows.length > 0
}
