import type { Kdb } from '../../db/db'
import { newId } from '../../platform/ids'
import type { TRole } from '../../../types/org'

/** Staff accounts and their roles. */

export async function findUserByUsername(db: Kdb, username: string) {
  return db.selectFrom('users').select(['id', 'name', 'username', 'demo_account', 'disabled_at']).where('username', '=', username.toLowerCase()).executeTakeFirst()
}

export async function findStaff(db: Kdb, id: string) {
  return db
    .selectFrom('users')
    .select(['id', 'name', 'username', 'phone', 'password_hash', 'disabled_at', 'locked_until', 'must_change_password', 'demo_account', 'created_at'])
    .where('id', '=', id)
    .where('username', 'is not', null)
    .executeTakeFirst()
}
export type StaffRow = NonNullable<Awaited<ReturnType<typeof findStaff>>>

export async function rolesOf(db: Kdb, userIds: string[]) {
  if (userIds.length === 0) return []
  return db
    .selectFrom('role_assignments as r')
    .innerJoin('org_units as o', 'o.id', 'r.org_unit_id')
    .select(['r.id', 'r.user_id', 'r.role', 'r.org_unit_id', 'o.name as org_name', 'o.kind as org_kind', 'o.path'])
    .where('r.user_id', 'in', userIds)
    .orderBy('o.path')
    .execute()
}

export async function insertStaff(db: Kdb, s: { id: string; name: string; username: string; phone: string | null; passwordHash: string; now: Date }) {
  await db.insertInto('users').values({ id: s.id, name: s.name, username: s.username, phone: s.phone, password_hash: s.passwordHash, must_change_password: true, created_at: s.now }).execute()
}

export async function insertRoles(db: Kdb, userId: string, roles: { role: TRole; orgUnitId: string }[], now: Date) {
  if (roles.length === 0) return
  await db
    .insertInto('role_assignments')
    .values(roles.map((r) => ({ id: newId(), user_id: userId, role: r.role, org_unit_id: r.orgUnitId, created_at: now })))
    .onConflict((oc) => oc.doNothing())
    .execute()
}

export async function deleteRoles(db: Kdb, ids: string[]) {
  if (ids.length === 0) return
  await db.deleteFrom('role_assignments').where('id', 'in', ids).execute()
}

export async function updateStaffFields(db: Kdb, id: string, fields: { name?: string; phone?: string | null }) {
  if (fields.name === undefined && fields.phone === undefined) return
  await db.updateTable('users').set(fields).where('id', '=', id).execute()
}

/** A new one-time password: must be changed at the next login; also unlocks the account. */
export async function setOneTimePassword(db: Kdb, id: string, passwordHash: string) {
  await db.updateTable('users').set({ password_hash: passwordHash, must_change_password: true, failed_logins: 0, locked_until: null }).where('id', '=', id).execute()
}

export async function setDisabled(db: Kdb, id: string, at: Date | null) {
  await db.updateTable('users').set({ disabled_at: at }).where('id', '=', id).execute()
}

export async function unlock(db: Kdb, id: string) {
  await db.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', id).execute()
}

/** Staff accounts holding a role somewhere under `paths`, filtered; cursor = last id. */
export async function listStaffUnder(
  db: Kdb,
  paths: string[],
  f: { q?: string; role?: TRole; orgUnitId?: string; status?: 'active' | 'disabled' | 'locked'; cursor?: string; limit: number; now: Date },
) {
  let q = db
    .selectFrom('users as u')
    .select(['u.id', 'u.name', 'u.username', 'u.phone', 'u.disabled_at', 'u.locked_until', 'u.must_change_password', 'u.demo_account', 'u.created_at'])
    .where('u.username', 'is not', null)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('role_assignments as r')
          .innerJoin('org_units as o', 'o.id', 'r.org_unit_id')
          .select('r.id')
          .whereRef('r.user_id', '=', 'u.id')
          .where((eb) => eb.or(paths.map((p) => eb('o.path', 'like', `${p}%`))))
          .$if(Boolean(f.role), (qb) => qb.where('r.role', '=', f.role!))
          .$if(Boolean(f.orgUnitId), (qb) => qb.where('r.org_unit_id', '=', f.orgUnitId!)),
      ),
    )
  if (f.q) {
    const like = `%${f.q.replace(/[%_\\]/g, '\\$&')}%`
    q = q.where((eb) => eb.or([eb('u.name', 'like', like), eb('u.username', 'like', like.toLowerCase())]))
  }
  if (f.status === 'disabled') q = q.where('u.disabled_at', 'is not', null)
  if (f.status === 'active') q = q.where('u.disabled_at', 'is', null)
  if (f.status === 'locked') q = q.where('u.locked_until', '>', f.now)
  if (f.cursor) q = q.where('u.id', '<', f.cursor)
  return q.orderBy('u.id', 'desc').limit(f.limit).execute()
}

/** Which of these usernames and phones already belong to an account. */
export async function takenUsernamesOrPhones(db: Kdb, usernames: string[], phones: string[]) {
  return db
    .selectFrom('users')
    .select(['username', 'phone'])
    .where((eb) => eb.or([eb('username', 'in', usernames), ...(phones.length ? [eb('phone', 'in', phones)] : [])]))
    .execute()
}

/** The whole users row of a staff member, as admin.mappers.ts toStaffViews shows it. */
export async function findStaffRow(db: Kdb, id: string) {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
}
