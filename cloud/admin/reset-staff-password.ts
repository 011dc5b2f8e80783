import type { AppDeps } from '../platform/context'
import type { Actor } from '../org'
import { hashPassword } from '../platform/auth'
import { setOneTimePassword } from './repository/staff'
import { writeAudit } from './repository/audit'
import { generateOneTimePassword } from './password-policy'
import { staffTarget } from './staff-target'

/** A new one-time password (shown once), the account unlocked; the person must change it at the next login. */
export async function resetStaffPassword(deps: AppDeps, actor: Actor, id: string): Promise<{ id: string; username: string; oneTimePassword: string }> {
  const db = deps.db.kysely
  const now = deps.clock.now()
  const { staff, roles } = await staffTarget(db, actor, id, true)
  const oneTimePassword = generateOneTimePassword()
  const hash = await hashPassword(oneTimePassword)
  await db.transaction().execute(async (tx) => {
    await setOneTimePassword(tx, staff.id, hash)
    await writeAudit(tx, { actorId: actor.userId, subjectId: staff.id, action: 'admin.password_reset', scopePath: roles[0].path, now })
  })
  return { id: staff.id, username: staff.username!, oneTimePassword }
}
