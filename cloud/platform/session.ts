import { createMiddleware } from 'hono/factory'
import type { AppEnv } from './http'
import { AppError } from './errors'
import { verifySession } from './auth'
import { loadActor } from '../accounts/accounts.repository'

export const PASSWORD_ROUTE = '/api/v1/auth/staff/password'

/** Bearer session → c.var.actor. The person and their roles are read fresh on every request. */
export const requireAuth = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header('authorization') ?? ''
  const match = /^Bearer\s+(\S+)$/i.exec(header)
  if (!match) throw new AppError('UNAUTHENTICATED')
  const deps = c.var.deps
  const { userId } = await verifySession(match[1], deps.config.jwtSecret, deps.clock.now())
  const actor = await loadActor(deps.db.kysely, userId)
  if (!actor) throw new AppError('UNAUTHENTICATED')
  if (actor.disabled) throw new AppError('ACCOUNT_DISABLED')
  // a one-time password (new account, reset) is changed before anything else is done
  if (actor.mustChangePassword && c.req.path !== PASSWORD_ROUTE) throw new AppError('PASSWORD_CHANGE_REQUIRED')
  c.set('actor', actor)
  await next()
})
