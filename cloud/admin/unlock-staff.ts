import type { AppDeps } from '../platform/context'
import type { Actor } from '../org'
import { unlock } from './repository/staff'
import { writeAudit } from './repository/audit'
import { staffTarget } from './staff-target'

/** Lift a lock-out after too many wrong passwords (the password stays as it is). */
export async function unlockStaff(deps: AppDeps, actor: Actor, id: string): Promise<{ id: string; unlocked: true }> {
  const db = deps.db.kysely
  const now = deps.clock.now()
  const { staff, roles } = await staffTarget(db, actor, id, true)
  await db.transaction().execute(async (tx) => {
    await unlock(tx, staff.id)
    await writeAudit(tx, { actorId: actor.userId, subjectId: staff.id, action: 'admin.staff_unlocked', scopePath: roles[0].path, now })
  })
  return { id: staff.id, unlocked: true }
}
