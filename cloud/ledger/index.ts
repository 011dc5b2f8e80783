/**
 * The ledger core shared by the double-entry ledgers (积分 points, 时间银行 minutes): journals,
 * entries, cached balances, reversal and reconciliation. Each domain keeps its own tables, accounts
 * and rules and describes them with a LedgerSpec. Imports no domain.
 */
export type { JournalRow, LedgerSpec, Line } from './spec'
export { assertBalanced, applyBalances, netDeltas, postJournal } from './post'
export { isReversed, journalEntries, reversalLines, type EntryRow } from './reverse'
export { accountsOff, unbalancedJournals, type AccountCheck } from './reconcile'
export { ensureAccount, slotOf, systemAccountId, SYSTEM_SLOTS } from './accounts'
