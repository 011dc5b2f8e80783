import { sql } from 'kysely'
import type { Kdb } from '../../db/db'
import * as core from '../../ledger'
import type { LedgerSpec } from '../../ledger'
import { newId } from '../../platform/ids'
import type { TJournalKind } from '../../../types/points'

/**
 * 积分制's ledger on the shared core (cloud/ledger): append-only double entry —
 * - a journal per business event, entries that sum to zero, against accounts;
 * - the account row caches `available` and `held` (CHECKs keep them ≥ 0, the issuing account's
 *   `available` aside) and is changed in the same transaction as its entries, one single-statement
 *   UPDATE per account, in account-id order (so two postings never wait on each other in opposite orders);
 * - lots (./lots.ts) remember when credited points expire; spending draws the oldest lots first.
 */
export const POINTS_LEDGER: LedgerSpec = {
  name: 'points',
  journals: 'points_journals',
  entries: 'points_entries',
  accounts: 'points_accounts',
  buckets: [
    { name: 'available', column: 'available', unboundedMay: true },
    { name: 'held', column: 'held', unboundedMay: false },
  ],
  unboundedKind: 'issuing',
  scopeColumn: 'community_id',
  insufficient: 'INSUFFICIENT_POINTS',
}

export type Bucket = 'available' | 'held'

export interface Line {
  accountId: string
  bucket: Bucket
  amount: number
}

export interface JournalInput {
  id?: string
  communityId: string
  kind: TJournalKind
  memo: string
  actorId?: string | null
  reversesId?: string | null
  reason?: string | null
  now: Date
}

/**
 * Posts one journal (entries summing to zero) through the core; a posting that would take a
 * resident's available or anyone's held below zero is refused with INSUFFICIENT_POINTS.
 */
export function postJournal(tx: Kdb, journal: JournalInput, lines: Line[]): Promise<string> {
  return core.postJournal(tx, POINTS_LEDGER, { ...journal, columns: { community_id: journal.communityId } }, lines)
}

export async function findJournal(db: Kdb, id: string) {
  return db.selectFrom('points_journals as j').innerJoin('org_units as c', 'c.id', 'j.community_id').selectAll('j').select('c.path as community_path').where('j.id', '=', id).executeTakeFirst()
}

/** A journal's entries with their account's kind (for a reversal). */
export async function journalEntries(db: Kdb, journalId: string) {
  return (await core.journalEntries(db, POINTS_LEDGER, journalId)) as (core.EntryRow & { bucket: Bucket })[]
}

/** The opposite entries of a journal. */
export function reversalLines(entries: (core.EntryRow & { bucket: Bucket })[]): Line[] {
  return core.reversalLines(entries) as Line[]
}

export async function history(db: Kdb, accountId: string, limit: number, cursor: number | null) {
  let q = db
    .selectFrom('points_entries as e')
    .innerJoin('points_journals as j', 'j.id', 'e.journal_id')
    .select(['e.id', 'e.journal_id', 'e.bucket', 'e.amount', 'e.created_at', 'j.kind', 'j.memo', 'j.reason'])
    .where('e.account_id', '=', accountId)
  if (cursor !== null) q = q.where('e.id', '<', cursor)
  return q
    .orderBy('e.id', 'desc')
    .limit(limit + 1)
    .execute()
}

export async function balanceSummary(db: Kdb, accountId: string, yearEnd: string, yearStart: Date) {
  const r = await sql<{ available: number; held: number; expiring: number | null; earned: number | null }>`
    SELECT a.available, a.held,
      (SELECT sum(remaining) FROM points_lots WHERE account_id = a.id AND remaining > 0 AND expires_on <= ${yearEnd}) AS expiring,
      -- credited this year = the lots opened this year (earns and positive adjustments)
      (SELECT sum(amount) FROM points_lots WHERE account_id = a.id AND created_at >= ${yearStart}) AS earned
    FROM points_accounts a WHERE a.id = ${accountId}`.execute(db)
  const row = r.rows[0]
  return { available: Number(row.available), held: Number(row.held), expiring: Number(row.expiring ?? 0), earned: Number(row.earned ?? 0) }
}

/** Net points earned in [from, to) per resident of a community (earns, corrections, adjustments). */
export async function earnedBetween(db: Kdb, communityId: string, from: Date, to: Date, limit: number) {
  const r = await sql<{ user_id: string; name: string; points: number }>`
    SELECT a.user_id, u.name, sum(e.amount)::bigint AS points
    FROM points_entries e
    JOIN points_journals j ON j.id = e.journal_id
    JOIN points_accounts a ON a.id = e.account_id
    JOIN users u ON u.id = a.user_id
    WHERE e.community_id = ${communityId} AND a.kind = 'resident' AND e.bucket = 'available'
      AND j.kind IN ('earn', 'reverse', 'adjust') AND e.created_at >= ${from} AND e.created_at < ${to}
    GROUP BY a.user_id, u.name
    HAVING sum(e.amount) > 0
    ORDER BY points DESC, a.user_id
    LIMIT ${limit}`.execute(db)
  return r.rows.map((x) => ({ ...x, points: Number(x.points) }))
}

/**
 * Every journal of the community sums to zero and every balance equals its entries (the core's
 * checks), and a resident's available equals what is left in their lots (points' own).
 */
export async function reconcileCommunity(db: Kdb, communityId: string) {
  const unbalancedJournals = await core.unbalancedJournals(db, POINTS_LEDGER, communityId, 100)
  const off = await core.accountsOff(db, POINTS_LEDGER, communityId, 100)
  const lotsOff = await sql<{ id: string; available: number; held: number; lots: number }>`
    SELECT a.id, a.available, a.held, coalesce(sum(l.remaining), 0)::bigint AS lots
    FROM points_accounts a LEFT JOIN points_lots l ON l.account_id = a.id
    WHERE a.community_id = ${communityId} AND a.kind = 'resident'
    GROUP BY a.id HAVING a.available <> coalesce(sum(l.remaining), 0)
    ORDER BY a.id LIMIT 100`.execute(db)
  const lotsOf = new Map(lotsOff.rows.map((r) => [r.id, Number(r.lots)]))
  const drifted = off.map((a) => ({
    accountId: a.id,
    available: a.balances.available,
    held: a.balances.held,
    entriesAvailable: a.entries.available,
    entriesHeld: a.entries.held,
    lots: a.kind === 'resident' ? (lotsOf.get(a.id) ?? a.balances.available) : null,
  }))
  // lots off while the entries agree: the entries' sums are the cached balances
  for (const r of lotsOff.rows) {
    if (off.some((a) => a.id === r.id)) continue
    drifted.push({ accountId: r.id, available: Number(r.available), held: Number(r.held), entriesAvailable: Number(r.available), entriesHeld: Number(r.held), lots: Number(r.lots) })
  }
  const counts = await sql<{ journals: number; entries: number; accounts: number }>`
    SELECT (SELECT count(*) FROM points_journals WHERE community_id = ${communityId})::int AS journals,
           (SELECT count(*) FROM points_entries WHERE community_id = ${communityId})::int AS entries,
           (SELECT count(*) FROM points_accounts WHERE community_id = ${communityId})::int AS accounts`.execute(db)
  return { unbalancedJournals, driftedAccounts: drifted.slice(0, 100), ...counts.rows[0] }
}

export async function communitiesWithAccounts(db: Kdb): Promise<string[]> {
  const r = await db.selectFrom('points_accounts').select('community_id').distinct().execute()
  return r.map((x) => x.community_id)
}

export async function recordReconciliation(db: Kdb, communityId: string, ok: boolean, details: Record<string, unknown>, now: Date) {
  await db
    .insertInto('points_reconciliations')
    .values({ id: newId(), community_id: communityId, ok, details: JSON.stringify(details), ran_at: now })
    .execute()
}
