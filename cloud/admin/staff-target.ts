import type { Kdb } from '../db/db'
import type { Actor } from '../org'
import { covers } from '../org'
import { AppError } from '../platform/errors'
import { ADMIN_ROLES } from './admin.policy'
import { findStaff, rolesOf, type StaffRow } from './repository/staff'

/**
 * The staff member an admin acts on. Visible when one of their roles is inside the caller's scope
 * (else 404). `whole`: every role must be inside it and a 片区 lead may not act on an admin — so a
 * 片区 lead cannot disable or reset a street admin who also holds a role in the 片区.
 */
export async function staffTarget(db: Kdb, actor: Actor, id: string, whole: boolean): Promise<{ staff: StaffRow; roles: Awaited<ReturnType<typeof rolesOf>> }> {
  const staff = await findStaff(db, id)
  const roles = staff ? await rolesOf(db, [staff.id]) : []
  const admin = actor.roles.filter((r) => ADMIN_ROLES.includes(r.role))
  const inScope = (path: string) => admin.some((a) => covers(a, path))
  if (!staff || !roles.some((r) => inScope(r.path))) throw new AppError('STAFF_NOT_FOUND')
  if (whole) {
    const streetAdmin = (path: string) => admin.some((a) => a.role === 'street_admin' && covers(a, path))
    const ok = roles.every((r) => inScope(r.path) && (!ADMIN_ROLES.includes(r.role as never) || streetAdmin(r.path)))
    if (!ok) throw new AppError('ROLE_SCOPE_INVALID', { reason: '这位工作人员有超出您管理范围的角色' })
  }
  return { staff, roles }
}
