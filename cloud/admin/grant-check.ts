import type { Kdb } from '../db/db'
import type { Actor } from '../org'
import type { TRole } from '../../types/org'
import { AppError } from '../platform/errors'
import { canGrant } from './admin.policy'
import { unitsByIds } from './repository/org-units'

/**
 * Every role an admin hands out (or takes away) is checked: the unit exists, is open, is inside the
 * caller's scope and of the role's kind; admin roles only from a street admin. Returns the units by id.
 */
export async function checkGrants(db: Kdb, actor: Actor, roles: { role: TRole; orgUnitId: string }[]) {
  const units = await unitsByIds(db, [...new Set(roles.map((r) => r.orgUnitId))])
  const byId = new Map(units.map((u) => [u.id, u]))
  const refused: { role: TRole; orgUnitId: string; reason: string }[] = []
  for (const r of roles) {
    const unit = byId.get(r.orgUnitId)
    if (!unit) refused.push({ ...r, reason: '找不到这个单位' })
    else if (unit.closed_at) refused.push({ ...r, reason: '这个单位已撤销' })
    else if (!canGrant(actor, r.role, unit)) refused.push({ ...r, reason: '角色和单位不匹配，或超出您的管理范围' })
  }
  if (refused.length) throw new AppError('ROLE_SCOPE_INVALID', { refused })
  return byId
}
