import type { TElder, TUser } from '../../../types/accounts'
import type { Kdb } from '../../db/db'
import type { Actor, ActorRole } from '../../org'
import type { TRole } from '../../../types/org'
import { toElder, toUserView } from '../accounts.mappers'

/** Reads of a person: the actor behind a session, the person as shown to themselves and to staff (GET /me's own read is repository/identity.ts). */

const userColumns = ['u.id', 'u.name', 'u.phone', 'u.birth_date', 'u.community_id', 'u.elder_mode', 'u.id_number_masked', 'u.address', 'c.name as community_name', 'c.path as community_path'] as const

function usersWithCommunity(db: Kdb) {
  return db.selectFrom('users as u').leftJoin('org_units as c', 'c.id', 'u.community_id')
}

export async function loadActor(db: Kdb, userId: string): Promise<Actor | null> {
  const rows = await usersWithCommunity(db)
    .leftJoin('role_assignments as r', 'r.user_id', 'u.id')
    .leftJoin('org_units as o', 'o.id', 'r.org_unit_id')
    .select(['u.id', 'u.name', 'u.community_id', 'c.path as community_path', 'r.role', 'r.org_unit_id', 'o.name as org_name', 'o.path'])
    .select(['u.must_change_password', 'u.disabled_at'])
    .where('u.id', '=', userId)
    .execute()
  if (rows.length === 0) return null
  const roles: ActorRole[] = rows.filter((r) => r.role && r.org_unit_id && r.path).map((r) => ({ role: r.role as TRole, orgUnitId: r.org_unit_id!, orgUnitName: r.org_name ?? '', path: r.path! }))
  return {
    userId: rows[0].id,
    name: rows[0].name,
    communityId: rows[0].community_id,
    communityPath: rows[0].community_path,
    roles,
    ...(rows[0].must_change_password ? { mustChangePassword: true } : {}),
    ...(rows[0].disabled_at ? { disabled: true } : {}),
  }
}

/** The person as shown to themselves. Pass `actor` when it is already loaded (saves a query). */
export async function getUserView(db: Kdb, userId: string, now: Date, actor?: Actor): Promise<TUser | null> {
  const [row, loaded] = await Promise.all([usersWithCommunity(db).select(userColumns).where('u.id', '=', userId).executeTakeFirst(), actor ?? loadActor(db, userId)])
  if (!row || !loaded) return null
  return toUserView(row, loaded, now)
}

export async function getElderView(db: Kdb, userId: string, now: Date): Promise<(TElder & { communityPath: string | null }) | null> {
  const row = await usersWithCommunity(db).select(userColumns).where('u.id', '=', userId).executeTakeFirst()
  return row ? toElder(row, now) : null
}

/** People in the org units under `scopePath` whose name contains q or whose ID hash matches. */
export async function searchPeople(db: Kdb, scopePaths: string[], q: { name: string; idHash: string | null }, now: Date) {
  if (scopePaths.length === 0) return []
  const rows = await usersWithCommunity(db)
    .select(userColumns)
    .where((eb) => eb.or(scopePaths.map((p) => eb('c.path', 'like', `${p}%`))))
    .where((eb) => eb.or([eb('u.name', 'like', `%${q.name.replace(/[%_\\]/g, '\\$&')}%`), ...(q.idHash ? [eb('u.id_number_hash', '=', q.idHash)] : [])]))
    .where('u.username', 'is', null)
    .orderBy('u.name')
    .limit(50)
    .execute()
  return rows.map((r) => toElder(r, now))
}
