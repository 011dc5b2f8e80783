import { sql } from 'kysely'
import { toLink, type LinkJson } from '../../family'
import type { TConsent, TElder, TFamilyLink, TUser } from '../../../types/accounts'
import type { Kdb } from '../../db/db'
import type { Actor, ActorRole } from '../../org'
import type { TRole } from '../../../types/org'
import { toConsent, toElder, toUserView } from '../accounts.mappers'

/** Reads of a person: the actor behind a session, the person as shown to themselves and to staff, GET /me. */

const userColumns = [
  'u.id',
  'u.name',
  'u.phone',
  'u.birth_date',
  'u.community_id',
  'u.elder_mode',
  'u.id_number_masked',
  'u.address',
  'c.name as community_name',
  'c.path as community_path',
] as const

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
  const roles: ActorRole[] = rows
    .filter((r) => r.role && r.org_unit_id && r.path)
    .map((r) => ({ role: r.role as TRole, orgUnitId: r.org_unit_id!, orgUnitName: r.org_name ?? '', path: r.path! }))
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
  const [row, loaded] = await Promise.all([
    usersWithCommunity(db).select(userColumns).where('u.id', '=', userId).executeTakeFirst(),
    actor ?? loadActor(db, userId),
  ])
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
    .where((eb) =>
      eb.or([
        eb('u.name', 'like', `%${q.name.replace(/[%_\\]/g, '\\$&')}%`),
        ...(q.idHash ? [eb('u.id_number_hash', '=', q.idHash)] : []),
      ]),
    )
    .where('u.username', 'is', null)
    .orderBy('u.name')
    .limit(50)
    .execute()
  return rows.map((r) => toElder(r, now))
}

/**
 * Everything GET /me shows, in one round trip (the busiest read of the app: every page open).
 * The family links are built as the same rows family.repository reads, and mapped the same way.
 */
export async function loadMe(db: Kdb, userId: string) {
  const result = await sql<{
    id: string
    name: string
    phone: string | null
    birth_date: string | null
    community_id: string | null
    community_name: string | null
    elder_mode: boolean
    unread: number
    consents: { kind: TConsent['kind']; version: string; accepted_at: string; recorded_by_name: string | null }[]
    links: LinkJson[]
  }>`
    SELECT u.id, u.name, u.phone, u.birth_date, u.community_id, c.name AS community_name, u.elder_mode,
      (SELECT count(*)::int FROM notices n WHERE n.user_id = u.id AND n.read_at IS NULL) AS unread,
      COALESCE((
        SELECT json_agg(json_build_object('kind', k.kind, 'version', k.version, 'accepted_at', k.accepted_at,
                                          'recorded_by_name', s.name) ORDER BY k.kind)
        FROM consents k LEFT JOIN users s ON s.id = k.recorded_by
        WHERE k.user_id = u.id AND k.withdrawn_at IS NULL), '[]') AS consents,
      COALESCE((
        SELECT json_agg(json_build_object('id', l.id, 'elder_id', l.elder_id, 'member_id', l.member_id,
                 'relation', l.relation, 'scopes', l.scopes, 'status', l.status, 'requested_at', l.requested_at,
                 'confirmed_at', l.confirmed_at, 'confirmed_via', l.confirmed_via, 'elder_name', e.name,
                 'member_name', m.name, 'elder_community_path', NULL) ORDER BY l.requested_at DESC)
        FROM family_links l JOIN users e ON e.id = l.elder_id JOIN users m ON m.id = l.member_id
        WHERE (l.elder_id = u.id OR l.member_id = u.id) AND l.status IN ('pending', 'active')), '[]') AS links
    FROM users u LEFT JOIN org_units c ON c.id = u.community_id
    WHERE u.id = ${userId}`.execute(db)
  const row = result.rows[0]
  if (!row) return null
  return {
    row,
    consents: row.consents.map(toConsent),
    familyLinks: row.links.map(toLink) as TFamilyLink[],
  }
}
