import type { AppDeps } from '../app'
import type { TLoginResponse, TStaffLoginRequest } from '../../types/accounts'
import { addMinutes } from '../platform/clock'
import { hashPassword, verifyPassword } from '../platform/auth'
import { AppError } from '../platform/errors'
import { countPasswordFailure } from './accounts.repository'
import { issueSession } from './issue-session'

export const STAFF_MAX_FAILURES = 10
export const STAFF_LOCK_MINUTES = 30

// compared against when the username is unknown, so both cases take the same time
let dummyHash: Promise<string> | null = null

export async function loginStaff(deps: AppDeps, input: TStaffLoginRequest): Promise<TLoginResponse> {
  const db = deps.db.kysely
  const now = deps.clock.now()
  const user = await db
    .selectFrom('users')
    .select(['id', 'password_hash', 'locked_until', 'must_change_password', 'disabled_at'])
    .where('username', '=', input.username.toLowerCase())
    .executeTakeFirst()
  if (user?.locked_until && user.locked_until > now) throw new AppError('ACCOUNT_LOCKED', { retryAt: user.locked_until.toISOString() })
  dummyHash ??= hashPassword('not-a-password')
  const ok = await verifyPassword(input.password, user?.password_hash ?? (await dummyHash))
  if (!user || !ok) {
    if (user) await countPasswordFailure(db, user.id, STAFF_MAX_FAILURES, addMinutes(now, STAFF_LOCK_MINUTES))
    throw new AppError('BAD_CREDENTIALS')
  }
  await db.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', user.id).execute()
  if (user.disabled_at) throw new AppError('ACCOUNT_DISABLED')
  const session = await issueSession(deps, user.id)
  return user.must_change_password ? { ...session, mustChangePassword: true } : session
}
