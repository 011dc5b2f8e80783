import type { AppDeps } from '../platform/context'
import type { Actor } from '../org'
import type { TCreateStaffRequest } from '../../types/admin'
import { hashPassword } from '../platform/auth'
import { AppError, isUniqueViolation } from '../platform/errors'
import { newId } from '../platform/ids'
import { requireAdmin } from './admin.policy'
import { insertRoles, insertStaff } from './repository/staff'
import { writeAudit } from './repository/audit'
import { checkGrants } from './grant-check'
import { generateOneTimePassword } from './password-policy'

/** A staff account with roles inside the caller's scope; the one-time password is returned once and never stored in clear. */
export async function createStaff(deps: AppDeps, actor: Actor, input: TCreateStaffRequest): Promise<{ id: string; username: string; oneTimePassword: string }> {
  requireAdmin(actor)
  const db = deps.db.kysely
  const now = deps.clock.now()
  const units = await checkGrants(db, actor, input.roles)
  const oneTimePassword = generateOneTimePassword()
  const passwordHash = await hashPassword(oneTimePassword)
  const id = newId()
  try {
    await db.transaction().execute(async (tx) => {
      await insertStaff(tx, { id, name: input.name, username: input.username, phone: input.phone ?? null, passwordHash, now })
      await insertRoles(tx, id, input.roles, now)
      await writeAudit(tx, {
        actorId: actor.userId,
        subjectId: id,
        action: 'admin.staff_created',
        details: { username: input.username, roles: input.roles.map((r) => ({ role: r.role, unit: units.get(r.orgUnitId)!.name })) },
        scopePath: units.get(input.roles[0].orgUnitId)!.path,
        now,
      })
    })
  } catch (error) {
    if (isUniqueViolation(error, 'users_username_key')) throw new AppError('USERNAME_TAKEN', { username: input.username })
    if (isUniqueViolation(error, 'users_phone_key')) throw new AppError('PHONE_IN_USE')
    throw error
  }
  return { id, username: input.username, oneTimePassword }
}
