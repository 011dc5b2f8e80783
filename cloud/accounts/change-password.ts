import type { AppDeps } from '../platform/context'
import type { Actor } from '../org'
import type { TChangePasswordRequest } from '../../types/admin'
import { hashPassword, verifyPassword } from '../platform/auth'
import { AppError } from '../platform/errors'
import { checkPasswordPolicy } from '../admin'
import { writeAudit } from '../admin'
import { issueSession } from './issue-session'
import type { TLoginResponse } from '../../types/accounts'
import { findPasswordAccount, setOwnPassword } from './repository/users'

/**
 * `POST /auth/staff/password`: the one route a staff member with a one-time password may call.
 * The current password is asked again so a session left open on a shared office PC cannot change it.
 * Every other session ends; the answer carries a fresh one for this device.
 */
export async function changePassword(deps: AppDeps, actor: Actor, input: TChangePasswordRequest): Promise<{ ok: true } & TLoginResponse> {
  const db = deps.db.kysely
  const now = deps.clock.now()
  const user = await findPasswordAccount(db, actor.userId)
  if (!user?.username || !user.password_hash) throw new AppError('FORBIDDEN')
  if (!(await verifyPassword(input.currentPassword, user.password_hash))) throw new AppError('BAD_CREDENTIALS', { field: 'currentPassword' }, '原密码不正确')
  checkPasswordPolicy(input.newPassword, user.username)
  if (input.newPassword === input.currentPassword) throw new AppError('PASSWORD_SAME')
  const hash = await hashPassword(input.newPassword)
  await db.transaction().execute(async (tx) => {
    await setOwnPassword(tx, user.id, hash)
    await writeAudit(tx, { actorId: user.id, subjectId: user.id, action: 'account.password_changed', scopePath: actor.roles[0]?.path ?? null, now })
  })
  // the change ended every session (0014 trigger bumps the session version): this device gets a new one
  return { ok: true, ...(await issueSession(deps, user.id)) }
}
