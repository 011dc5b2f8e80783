import type { AppDeps } from '../platform/context'
import type { TLoginResponse } from '../../types/accounts'
import { signSession } from '../platform/auth'
import { AppError } from '../platform/errors'
import { getUserView } from './repository/people'
import { findSessionAccount } from './repository/users'

/**
 * The answer to every successful login (password, SMS, WeChat): a signed session carrying the
 * person's current session version, and the person. Demo accounts get none once demo mode is off.
 */
export async function issueSession(deps: AppDeps, userId: string): Promise<TLoginResponse> {
  const now = deps.clock.now()
  const db = deps.db.kysely
  const [user, account] = await Promise.all([getUserView(db, userId, now), findSessionAccount(db, userId)])
  if (!user || !account) throw new AppError('USER_NOT_FOUND')
  if (account.demo_account && !deps.config.demoMode) throw new AppError('DEMO_ACCOUNT_DISABLED')
  const { token, expiresAt } = await signSession(userId, deps.config.jwtSecret, now, deps.config.sessionDays, account.session_version)
  return { token, user, expiresAt: expiresAt.toISOString() }
}
