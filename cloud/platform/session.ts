import { createMiddleware } from 'hono/factory'
import type { AppEnv } from './http'
import { AppError } from './errors'
import { verifySession } from './auth'
import { loadActor } from '../accounts/accounts.repository'

/** Bearer session → c.var.actor. The person and their roles are read fresh on every request. */
export const requireAuth = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header('authorization') ?? ''
  const match = /^Bearer\s+(\S+)$/i.exec(header)
  if (!match) throw new AppError('UNAUTHENTICATED')
  const deps = c.var.deps
  const { userId } = await verifySession(match[1], deps.config.jwtSecret, deps.clock.now())
  const actor = await loadActor(deps.db.kysely, userId)
  if (!actor) throw new AppError('UNAUTHENTICATED')
  c.set('actor', actor)
  await next()
})
