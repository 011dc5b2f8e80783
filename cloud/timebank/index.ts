/**
 * What other domains may use from timebank. Domains reach each other only through modules like
 * this one, or through outbox events.
 */
export { DEFAULT_RULES as TIMEBANK_DEFAULT_RULES, findRules, saveRules } from './repository/rules'
// the LeanCloud importer writes history straight into the ledger
export { ensureMemberAccount, ensureSystemAccount, postJournal } from './repository/ledger'
export { acceptAsTeam, listOpenForTeam } from './accept-as-team'
