import type { AppDeps } from '../platform/context'
import type { SessionClaims } from '../platform/auth'
import { revokeSession } from './repository/sessions'

/** Logout: this session's id is refused from now on (other sessions of the person go on). */
export async function endSession(deps: AppDeps, session: SessionClaims): Promise<void> {
  await revokeSession(deps.db.kysely, session.jti, session.userId, deps.clock.now(), session.expiresAt)
}
