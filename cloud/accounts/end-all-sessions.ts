import type { Kdb } from '../db/db'
import { bumpSessionVersion } from './repository/sessions'

/**
 * Ends every session of a person at once (logout everywhere; admin calls it on disable). Tokens
 * carry the session version they were issued with; the next request with an older one is 401.
 * Password changes and role changes bump the version in the database itself (0014_security.sql).
 */
export async function endAllSessions(db: Kdb, userId: string): Promise<void> {
  await bumpSessionVersion(db, userId)
}
