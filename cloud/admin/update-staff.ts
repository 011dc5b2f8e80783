import type { AppDeps } from '../platform/context'
import type { Actor } from '../org'
import { covers } from '../org'
import type { TUpdateStaffRequest } from '../../types/admin'
import type { TRole } from '../../types/org'
import { AppError, isUniqueViolation } from '../platform/errors'
import { ADMIN_ROLES } from './admin.policy'
import { writeAudit } from './repository/audit'
import { deleteRoles, findStaffRow, insertRoles, rolesOf, updateStaffFields } from './repository/staff'
import { checkGrants } from './grant-check'
import { staffTarget } from './staff-target'
import { toStaffViews } from './admin.mappers'

/**
 * Name, phone, and the roles inside the caller's scope: `roles` is the complete list of what the
 * person should hold there; roles elsewhere are kept. A removed role stops working at the next
 * request (roles are read per request). Nobody lowers their own account.
 */
export async function updateStaff(deps: AppDeps, actor: Actor, id: string, input: TUpdateStaffRequest) {
  const db = deps.db.kysely
  const now = deps.clock.now()
  const { staff, roles } = await staffTarget(db, actor, id, false)
  const admin = actor.roles.filter((r) => ADMIN_ROLES.includes(r.role))
  const mine = (path: string) => admin.some((a) => covers(a, path))
  let added: { role: TRole; orgUnitId: string }[] = []
  let removed: typeof roles = []
  if (input.roles) {
    if (staff.id === actor.userId) throw new AppError('CANNOT_CHANGE_SELF')
    const key = (r: { role: string; org_unit_id?: string; orgUnitId?: string }) => `${r.role}@${r.org_unit_id ?? r.orgUnitId}`
    const wanted = new Map(input.roles.map((r) => [key(r), r]))
    const current = roles.filter((r) => mine(r.path))
    added = [...wanted.values()].filter((w) => !current.some((c) => key(c) === key(w)))
    removed = current.filter((c) => !wanted.has(key(c)))
    // taking a role away is checked like giving it: a 片区 lead cannot remove an admin role
    await checkGrants(db, actor, [...added, ...removed.map((r) => ({ role: r.role as TRole, orgUnitId: r.org_unit_id }))])
    if (roles.length - removed.length + added.length === 0)
      throw new AppError('INVALID_INPUT', { fields: { roles: '请至少保留一个角色；不再工作的账号请停用' } }, '请至少保留一个角色；不再工作的账号请停用')
  }
  try {
    await db.transaction().execute(async (tx) => {
      await updateStaffFields(tx, staff.id, { name: input.name, phone: input.phone })
      await deleteRoles(
        tx,
        removed.map((r) => r.id),
      )
      await insertRoles(tx, staff.id, added, now)
      await writeAudit(tx, {
        actorId: actor.userId,
        subjectId: staff.id,
        action: 'admin.staff_updated',
        details: {
          ...(input.name && input.name !== staff.name ? { name: { from: staff.name, to: input.name } } : {}),
          ...(input.phone !== undefined ? { phoneChanged: true } : {}),
          ...(added.length ? { added } : {}),
          ...(removed.length ? { removed: removed.map((r) => ({ role: r.role, orgUnitId: r.org_unit_id })) } : {}),
        },
        scopePath: (roles.find((r) => mine(r.path)) ?? roles[0]).path,
        now,
      })
    })
  } catch (error) {
    if (isUniqueViolation(error, 'users_phone_key')) throw new AppError('PHONE_IN_USE')
    throw error
  }
  const fresh = await findStaffRow(db, staff.id)
  return toStaffViews([fresh], await rolesOf(db, [fresh.id]), now)[0]
}
