import type { AppDeps } from '../platform/context'
import type { Actor } from '../org'
import { AppError } from '../platform/errors'
import { setDisabled } from './repository/staff'
import { writeAudit } from './repository/audit'
import { staffTarget } from './staff-target'
import { endAllSessions } from '../accounts'

/** Disable (the very next request with any of their sessions is 401, and they stay ended) or enable again. */
export async function setStaffDisabled(deps: AppDeps, actor: Actor, id: string, disabled: boolean): Promise<{ id: string; disabled: boolean }> {
  const db = deps.db.kysely
  const now = deps.clock.now()
  const { staff, roles } = await staffTarget(db, actor, id, true)
  if (staff.id === actor.userId) throw new AppError('CANNOT_CHANGE_SELF')
  if (Boolean(staff.disabled_at) === disabled) return { id: staff.id, disabled }
  await db.transaction().execute(async (tx) => {
    await setDisabled(tx, staff.id, disabled ? now : null)
    // every session ends now; enabling again needs a new login (issue 20: disable bumps the session version)
    if (disabled) await endAllSessions(tx, staff.id)
    await writeAudit(tx, { actorId: actor.userId, subjectId: staff.id, action: disabled ? 'admin.staff_disabled' : 'admin.staff_enabled', scopePath: roles[0].path, now })
  })
  return { id: staff.id, disabled }
}
