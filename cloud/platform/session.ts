import type { Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import type { Kdb } from '../db/db'
import type { Actor, SessionState } from './context'
import type { AppEnv } from './http'
import { AppError } from './errors'
import { verifySession } from './auth'

export const PASSWORD_ROUTE = '/api/v1/auth/staff/password'

type SessionLookup = { state: SessionState; actor: Actor }

/**
 * Bearer session → c.var.actor. The person and their roles are read fresh on every request, and
 * the session is checked against the database: its version (logout everywhere, password or role
 * change, disable), its own revocation (logout), and demo accounts once demo mode is off. `load`
 * reads the person in one round trip (deps.identity.loadSession, or a route's own reading that
 * also brings what the route shows, e.g. GET /me); what it read is returned.
 */
export async function authenticate<T extends SessionLookup>(c: Context<AppEnv>, load: (db: Kdb, userId: string, jti: string) => Promise<T | null>): Promise<T> {
  const header = c.req.header('authorization') ?? ''
  const match = /^Bearer\s+(\S+)$/i.exec(header)
  if (!match) throw new AppError('UNAUTHENTICATED')
  const deps = c.var.deps
  const session = await verifySession(match[1], deps.config.jwtSecret, deps.clock.now())
  // one statement, read fresh every time (no actor cache: nothing to invalidate across processes)
  const found = await load(deps.db.kysely, session.userId, session.jti)
  if (!found) throw new AppError('UNAUTHENTICATED')
  const { state, actor } = found
  // disabled first: the person is told why, not just that the session ended
  if (actor.disabled) throw new AppError('ACCOUNT_DISABLED')
  if (state.revoked || state.session_version !== session.sessionVersion) throw new AppError('SESSION_ENDED')
  if (state.demo_account && !deps.config.demoMode) throw new AppError('SESSION_ENDED')
  // a one-time password (new account, reset) is changed before anything else is done
  if (actor.mustChangePassword && c.req.path !== PASSWORD_ROUTE) throw new AppError('PASSWORD_CHANGE_REQUIRED')
  c.set('actor', actor)
  c.set('session', session)
  return found
}

export const requireAuth = createMiddleware<AppEnv>(async (c, next) => {
  await authenticate(c, c.var.deps.identity.loadSession)
  await next()
})
