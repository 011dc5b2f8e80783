/**
 * What other domains may use from points. Domains reach each other only through modules like
 * this one, or through outbox events.
 */
export { POINTS_DEFAULT_RULES } from './points.defaults'
export { expiresOnFor } from './points.policy'
// the LeanCloud importer writes history straight into the ledger
export { ensureResidentAccount, ensureSystemAccount, findResidentAccount, slotOf } from './repository/accounts'
export { addLot, drawLots } from './repository/lots'
export { postJournal } from './repository/ledger'
