import { sql } from 'kysely'
import type { Kdb } from '../../db/db'

export async function findPerson(db: Kdb, userId: string) {
  return db
    .selectFrom('users as u')
    .leftJoin('org_units as c', 'c.id', 'u.community_id')
    .leftJoin('timebank_places as p', 'p.user_id', 'u.id')
    .select(['u.id', 'u.name', 'u.birth_date', 'u.address', 'u.community_id', 'c.path as community_path', 'p.lat', 'p.lng'])
    .where('u.id', '=', userId)
    .executeTakeFirst()
}

/**
 * Whether a point lies in the box (org_unit_geo) of the street the community belongs to, widened by
 * `margin` degrees. A street without a box drawn refuses nothing.
 */
export async function insideStreetOf(db: Kdb, communityPath: string, lat: number, lng: number, margin: number): Promise<boolean> {
  const r = await sql<{ inside: boolean }>`
    SELECT (${lat} BETWEEN g.min_lat - ${margin} AND g.max_lat + ${margin}
        AND ${lng} BETWEEN g.min_lng - ${margin} AND g.max_lng + ${margin}) AS inside
    FROM org_units s JOIN org_unit_geo g ON g.org_unit_id = s.id
    WHERE s.kind = 'street' AND ${communityPath} LIKE s.path || '%'
    LIMIT 1`.execute(db)
  return r.rows[0]?.inside ?? true
}

export async function savePlace(db: Kdb, userId: string, lat: number, lng: number, now: Date): Promise<void> {
  await db
    .insertInto('timebank_places')
    .values({ user_id: userId, lat, lng, updated_at: now })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ lat, lng, updated_at: now }))
    .execute()
}

/** The active family link between two people in either direction (for gifts: relation matters, scopes do not). */
export async function findLinkBetween(db: Kdb, a: string, b: string) {
  return db
    .selectFrom('family_links')
    .select(['id', 'elder_id', 'member_id', 'relation'])
    .where('status', '=', 'active')
    .where((eb) => eb.or([eb.and([eb('elder_id', '=', a), eb('member_id', '=', b)]), eb.and([eb('elder_id', '=', b), eb('member_id', '=', a)])]))
    .executeTakeFirst()
}

/** Names and numbers for 联系请求人: the requester, the elder, and the elder's active family (at most 3). */
export async function findServiceContacts(db: Kdb, requesterId: string, elderId: string) {
  const users = await db.selectFrom('users').select(['id', 'name', 'phone']).where('id', 'in', [requesterId, elderId]).execute()
  const family = await db
    .selectFrom('family_links as l')
    .innerJoin('users as u', 'u.id', 'l.member_id')
    .select(['u.name', 'u.phone'])
    .where('l.elder_id', '=', elderId)
    .where('l.status', '=', 'active')
    .where('u.phone', 'is not', null)
    .orderBy('l.confirmed_at')
    .limit(3)
    .execute()
  return { requester: users.find((u) => u.id === requesterId), elder: users.find((u) => u.id === elderId), family }
}

export async function hasVolunteerRole(db: Kdb, userId: string, communityPath: string): Promise<boolean> {
  const row = await db
    .selectFrom('role_assignments as ra')
    .innerJoin('org_units as o', 'o.id', 'ra.org_unit_id')
    .select('ra.id')
    .where('ra.user_id', '=', userId)
    .where('ra.role', '=', 'volunteer')
    .where(sql<boolean>`${communityPath} LIKE o.path || '%'`)
    .executeTakeFirst()
  return Boolean(row)
}

export async function findPersonInScope(db: Kdb, userId: string) {
  return db
    .selectFrom('users as u')
    .innerJoin('org_units as c', 'c.id', 'u.community_id')
    .select(['u.id', 'u.name', 'u.birth_date', 'u.phone', 'u.community_id', 'c.path as community_path'])
    .where('u.id', '=', userId)
    .executeTakeFirst()
}

/** Verified volunteers (role volunteer) in the staff member's scope, for 派单. */
export async function listVolunteersIn(db: Kdb, scopePaths: string[], limit: number) {
  if (scopePaths.length === 0) return []
  return db
    .selectFrom('role_assignments as ra')
    .innerJoin('users as u', 'u.id', 'ra.user_id')
    .innerJoin('org_units as o', 'o.id', 'ra.org_unit_id')
    .select(['u.id', 'u.name', 'u.birth_date', 'o.name as community_name'])
    .where('ra.role', '=', 'volunteer')
    .where((eb) => eb.or(scopePaths.map((p) => eb('o.path', 'like', `${p}%`))))
    .orderBy('u.name')
    .orderBy('u.id')
    .limit(limit)
    .execute()
}
