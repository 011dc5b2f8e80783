import type { AppDeps } from '../app'
import type { TLoginResponse } from '../../types/accounts'
import { signSession } from '../platform/auth'
import { AppError } from '../platform/errors'
import { getUserView } from './accounts.repository'

/** The answer to every successful login: a signed session and the person. */
export async function issueSession(deps: AppDeps, userId: string): Promise<TLoginResponse> {
  const now = deps.clock.now()
  const user = await getUserView(deps.db.kysely, userId, now)
  if (!user) throw new AppError('USER_NOT_FOUND')
  const { token, expiresAt } = await signSession(userId, deps.config.jwtSecret, now, deps.config.sessionDays)
  return { token, user, expiresAt: expiresAt.toISOString() }
}
