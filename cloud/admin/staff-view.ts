import type { Kdb } from '../db/db'
import type { TStaffView } from '../../types/admin'
import type { TRole } from '../../types/org'
import { maskPhone } from '../platform/privacy'
import { rolesOf } from './admin.repository'

type Row = { id: string; name: string; username: string | null; phone: string | null; disabled_at: Date | null; locked_until: Date | null; must_change_password: boolean; demo_account: boolean; created_at: Date }

/** Staff rows as the admin console shows them, with their roles (one query for the page). */
export async function toStaffViews(db: Kdb, rows: Row[], now: Date): Promise<TStaffView[]> {
  const roles = await rolesOf(db, rows.map((r) => r.id))
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
