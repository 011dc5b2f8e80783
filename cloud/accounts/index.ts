/**
 * What other parts of the server may use from the accounts domain. Domains reach each other only
 * through modules like this one (or through outbox events).
 */
import type { IdentityLoader } from '../platform/context'
import { loadActor } from './repository/people'
import { loadSession } from './repository/identity'

/** The session → person lookup wired into AppDeps.identity by entry/boot.ts. */
export const accountsIdentity: IdentityLoader = { loadActor, loadSession }

export { endAllSessions } from './end-all-sessions'
export { claimAttempt, clearFailures, unclaimAttempt, type LockPolicy } from './repository/auth-failures'
export { getElderView } from './repository/people'
