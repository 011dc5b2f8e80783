import type { Kdb } from '../db/db'
import { hashPassword } from '../platform/auth'
import { AppError } from '../platform/errors'
import { findUserByUsername, rolesOf, setOneTimePassword } from './repository/staff'
import { writeAudit } from './repository/audit'
import { generateOneTimePassword } from './password-policy'

/**
 * `npm run admin -- reset-password --username X`: for an admin who is locked out or forgot the
 * password, run on the server by whoever operates it. A new one-time password, unlocked, must be changed.
 */
export async function resetPasswordByUsername(db: Kdb, now: Date, username: string): Promise<{ userId: string; username: string; oneTimePassword: string }> {
  const user = await findUserByUsername(db, username.trim())
  if (!user || !user.username) throw new AppError('STAFF_NOT_FOUND', { username }, `找不到账号「${username}」`)
  const oneTimePassword = generateOneTimePassword()
  const hash = await hashPassword(oneTimePassword)
  const roles = await rolesOf(db, [user.id])
  await db.transaction().execute(async (tx) => {
    await setOneTimePassword(tx, user.id, hash)
    await writeAudit(tx, { actorId: user.id, subjectId: user.id, action: 'admin.password_reset', details: { via: 'cli' }, scopePath: roles[0]?.path ?? null, now })
  })
  return { userId: user.id, username: user.username, oneTimePassword }
}
