import type { TStaffView } from '../../types/admin'
import type { TRole } from '../../types/org'
import { maskPhone } from '../platform/privacy'

/** Rows of the admin domain → the contracts in types/admin. */

type StaffRow = {
  id: string
  name: string
  username: string | null
  phone: string | null
  disabled_at: Date | null
  locked_until: Date | null
  must_change_password: boolean
  demo_account: boolean
  created_at: Date
}
type RoleRow = { user_id: string; role: string; org_unit_id: string; org_name: string }

/** Staff rows as the admin console shows them, each with its roles out of `roles` (repository/staff.ts rolesOf: one query for the page). */
export function toStaffViews(rows: StaffRow[], roles: RoleRow[], now: Date): TStaffView[] {
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    username: r.username ?? '',
    phoneMasked: maskPhone(r.phone),
    roles: roles.filter((x) => x.user_id === r.id).map((x) => ({ role: x.role as TRole, orgUnitId: x.org_unit_id, orgUnitName: x.org_name })),
    disabled: Boolean(r.disabled_at),
    lockedUntil: r.locked_until && r.locked_until > now ? r.locked_until.toISOString() : null,
    mustChangePassword: r.must_change_password,
    demoAccount: r.demo_account,
    createdAt: r.created_at.toISOString(),
  }))
}
