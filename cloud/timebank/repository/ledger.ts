import type { Kdb } from '../../db/db'
import * as core from '../../ledger'
import { ensureAccount, systemAccountId, type LedgerSpec } from '../../ledger'
import { newId } from '../../platform/ids'

/**
 * 时间银行's minutes ledger on the shared core (cloud/ledger): append-only double entry — a journal
 * per business event, entries summing to zero, account rows caching the balance, changed in the same
 * transaction by one single-statement UPDATE per account in id order; CHECK (balance ≥ 0) on member
 * and spent accounts is the backstop. The community's system accounts are split into slots (0021).
 */
export const TIMEBANK_LEDGER: LedgerSpec = {
  name: 'timebank',
  journals: 'timebank_journals',
  entries: 'timebank_entries',
  accounts: 'timebank_accounts',
  buckets: [{ name: 'balance', column: 'balance', unboundedMay: true }],
  unboundedKind: 'issuing',
  scopeColumn: null,
  insufficient: 'INSUFFICIENT_MINUTES',
}

export type SystemKind = 'issuing' | 'spent'

/** A person's minutes account, created on first use. */
export function ensureMemberAccount(db: Kdb, userId: string, now: Date): Promise<string> {
  return ensureAccount(db, TIMEBANK_LEDGER, { id: newId(), kind: 'member', user_id: userId, created_at: now }, { user_id: userId })
}

/**
 * A community's system account in a slot (slotOf the person whose postings use it, so concurrent
 * services do not queue on one row); slot 0 is the community's first. New rows sort after people's.
 */
export function ensureSystemAccount(db: Kdb, communityId: string, kind: SystemKind, now: Date, slot = 0): Promise<string> {
  return ensureAccount(db, TIMEBANK_LEDGER, { id: systemAccountId(), kind, community_id: communityId, slot, created_at: now }, { community_id: communityId, kind, slot, user_id: null })
}

export async function findBalance(db: Kdb, userId: string): Promise<number> {
  const row = await db.selectFrom('timebank_accounts').select('balance').where('user_id', '=', userId).executeTakeFirst()
  return Number(row?.balance ?? 0)
}

export interface Line {
  accountId: string
  amount: number
}

export interface JournalInput {
  kind: 'serve' | 'draw' | 'gift' | 'reverse' | 'adjust'
  requestId?: string | null
  memo: string
  actorId?: string | null
  reversesId?: string | null
  reason?: string | null
  /** adjust: whose minutes are adjusted */
  subjectId?: string | null
  now: Date
}

/**
 * Posts one journal whose entries sum to zero (the journal first: a second credit of the same
 * service stops on its unique key before any balance moves). A member account that would go below
 * zero matches no row: the whole posting is refused with INSUFFICIENT_MINUTES.
 */
export function postJournal(tx: Kdb, journal: JournalInput, lines: Line[]): Promise<string> {
  return core.postJournal(tx, TIMEBANK_LEDGER, { ...journal, columns: { request_id: journal.requestId ?? null, ...(journal.subjectId ? { subject_id: journal.subjectId } : {}) } }, lines)
}

export async function findJournal(db: Kdb, id: string) {
  return db
    .selectFrom('timebank_journals as j')
    .leftJoin('timebank_requests as r', 'r.id', 'j.request_id')
    .leftJoin('org_units as c', 'c.id', 'r.community_id')
    .select(['j.id', 'j.kind', 'j.request_id', 'j.memo', 'r.volunteer_id', 'r.check_in_at', 'c.path as community_path'])
    .where('j.id', '=', id)
    .executeTakeFirst()
}

export async function findServeJournal(db: Kdb, requestId: string) {
  return db.selectFrom('timebank_journals').select(['id']).where('request_id', '=', requestId).where('kind', '=', 'serve').executeTakeFirst()
}

export async function journalEntries(db: Kdb, journalId: string) {
  return core.journalEntries(db, TIMEBANK_LEDGER, journalId)
}

/** The opposite entries of a journal (a reversal). */
export function reversalLines(entries: core.EntryRow[]): Line[] {
  return core.reversalLines(entries)
}

export function isReversed(db: Kdb, journalId: string): Promise<boolean> {
  return core.isReversed(db, TIMEBANK_LEDGER, journalId)
}

export async function historyOf(db: Kdb, userId: string, limit: number) {
  return db
    .selectFrom('timebank_entries as e')
    .innerJoin('timebank_accounts as a', 'a.id', 'e.account_id')
    .innerJoin('timebank_journals as j', 'j.id', 'e.journal_id')
    .select(['j.id as journal_id', 'j.kind', 'j.memo', 'e.amount', 'e.created_at'])
    .where('a.user_id', '=', userId)
    .orderBy('e.id', 'desc')
    .limit(limit)
    .execute()
}

/** Journals whose entries do not sum to zero, accounts whose balance differs from their entries, and members below zero. */
export async function checkLedger(db: Kdb): Promise<{ unbalancedJournals: string[]; driftedAccounts: string[]; negativeMembers: string[] }> {
  const unbalancedJournals = await core.unbalancedJournals(db, TIMEBANK_LEDGER)
  const off = await core.accountsOff(db, TIMEBANK_LEDGER)
  return { unbalancedJournals, driftedAccounts: off.filter((a) => a.drifted).map((a) => a.id), negativeMembers: off.filter((a) => a.negative).map((a) => a.id) }
}
