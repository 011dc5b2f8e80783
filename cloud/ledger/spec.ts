import type { TErrorCode } from '../../types/errors'

/**
 * What the ledger core needs to know of a domain's double-entry tables. The tables stay the
 * domain's own (points_*, timebank_*); the core only moves money between their rows:
 * - `<journals>` (id, kind, memo, actor_id, reverses_id UNIQUE, reason, created_at, + the domain's columns),
 * - `<entries>` (journal_id, account_id, amount, created_at [, bucket] [, scope column]),
 * - `<accounts>` (id, kind, version, one cached balance column per bucket).
 */
export interface LedgerSpec {
  /** in messages only */
  name: string
  journals: string
  entries: string
  accounts: string
  /**
   * Balance buckets and the account column caching each. With more than one, entries carry a
   * `bucket` column; `unboundedMay` says whether the unbounded account kind may go below zero in it.
   */
  buckets: readonly { name: string; column: string; unboundedMay: boolean }[]
  /** The account kind that may go below zero (where units come from): 'issuing'. */
  unboundedKind: string
  /** A column present on journals, entries and accounts that partitions the ledger (points: community_id). */
  scopeColumn: string | null
  /** What a posting that would take a guarded balance below zero is refused with. */
  insufficient: TErrorCode
}

/** One entry of a posting; `bucket` defaults to the spec's first bucket. */
export interface Line {
  accountId: string
  amount: number
  bucket?: string
}

/** The journal row: the columns every ledger has, and the domain's own (request_id, community_id …). */
export interface JournalRow {
  /** made here when not given */
  id?: string
  kind: string
  memo: string
  actorId?: string | null
  reversesId?: string | null
  reason?: string | null
  now: Date
  /** Column → value, written as they are (e.g. { community_id }); the scope column must be here when the spec has one. */
  columns?: Record<string, unknown>
}

export function bucketOf(spec: LedgerSpec, line: Line): string {
  return line.bucket ?? spec.buckets[0].name
}
