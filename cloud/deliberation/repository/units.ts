import { sql } from 'kysely'
import type { Kdb } from '../../db/db'

export interface UnitRow {
  id: string
  kind: string
  name: string
  path: string
  /** the community the unit is in (itself for a community); null above or beside communities */
  communityId: string | null
  communityPath: string | null
}

/** An org unit with the community it belongs to. */
export async function findUnit(db: Kdb, id: string): Promise<UnitRow | undefined> {
  const r = await sql<UnitRow>`
    SELECT u.id, u.kind, u.name, u.path,
           c.id AS "communityId", c.path AS "communityPath"
    FROM org_units u
    LEFT JOIN org_units c ON c.kind = 'community' AND u.path LIKE c.path || '%'
    WHERE u.id = ${id} AND u.closed_at IS NULL`.execute(db)
  return r.rows[0]
}

/**
 * Residents in a scope: a resident role at a unit under the path, or a home (house_members) under it.
 * `asOf`: only people whose role or home was recorded by then (a vote's electorate is fixed at opening).
 */
export function residentsUnder(path: string, asOf: Date | null) {
  const roleTime = asOf ? sql`AND r.created_at <= ${asOf}` : sql``
  const homeTime = asOf ? sql`AND hm.created_at <= ${asOf}` : sql``
  return sql`
    SELECT DISTINCT u.id AS user_id FROM users u
    JOIN role_assignments r ON r.user_id = u.id AND r.role = 'resident'
    JOIN org_units ro ON ro.id = r.org_unit_id
    WHERE u.disabled_at IS NULL ${roleTime}
      AND (ro.path LIKE ${path} || '%'
           OR EXISTS (SELECT 1 FROM house_members hm JOIN houses h ON h.id = hm.house_id JOIN org_units ho ON ho.id = h.org_unit_id
                      WHERE hm.user_id = u.id AND ho.path LIKE ${path} || '%' ${homeTime}))`
}

export async function countResidentsUnder(db: Kdb, path: string): Promise<number> {
  const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM (${residentsUnder(path, null)}) x`.execute(db)
  return r.rows[0]?.n ?? 0
}

/** Whether this person is a resident of the scope (role under it, or a home under it). */
export async function isResidentUnder(db: Kdb, userId: string, path: string): Promise<boolean> {
  const r = await sql<{ user_id: string }>`SELECT user_id FROM (${residentsUnder(path, null)}) x WHERE user_id = ${userId}`.execute(db)
  return r.rows.length > 0
}

export async function departmentName(db: Kdb, id: string | null): Promise<string | null> {
  if (!id) return null
  const r = await db.selectFrom('org_units').select('name').where('id', '=', id).where('kind', '=', 'department').executeTakeFirst()
  return r?.name ?? null
}
