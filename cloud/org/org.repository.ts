import { sql } from 'kysely'
import type { Kdb } from '../db/db'

export async function listCommunities(db: Kdb) {
  return db
    .selectFrom('org_units as c')
    .innerJoin('org_units as k', 'k.id', 'c.parent_id')
    .select(['c.id', 'c.name', 'k.name as clusterName'])
    .where('c.kind', '=', 'community')
    .orderBy('k.name')
    .orderBy('c.name')
    .execute()
}

export async function listUnitsUnder(db: Kdb, paths: string[]) {
  if (paths.length === 0) return []
  return db
    .selectFrom('org_units')
    .select(['id', 'kind', 'name', 'parent_id as parentId'])
    .where((eb) => eb.or(paths.map((p) => eb('path', 'like', `${p}%`))))
    .orderBy('path')
    .execute()
}

/**
 * The grid a point belongs to: within the street whose box holds it, the grid whose box holds it,
 * else the nearest grid centre (the same rule 随手拍 routing uses).
 */
export async function findGridForPoint(db: Kdb, lat: number, lng: number) {
  const r = await sql<{ id: string; name: string; community_name: string }>`
    WITH street AS (
      SELECT u.path FROM org_unit_geo g JOIN org_units u ON u.id = g.org_unit_id AND u.kind = 'street'
      WHERE ${lat} BETWEEN g.min_lat AND g.max_lat AND ${lng} BETWEEN g.min_lng AND g.max_lng
      LIMIT 1)
    SELECT u.id, u.name, c.name AS community_name
    FROM street JOIN org_units u ON u.kind = 'grid' AND u.path LIKE street.path || '%'
    JOIN org_unit_geo g ON g.org_unit_id = u.id
    JOIN org_units c ON c.id = u.parent_id
    ORDER BY (${lat} BETWEEN g.min_lat AND g.max_lat AND ${lng} BETWEEN g.min_lng AND g.max_lng) DESC,
      earth_distance(ll_to_earth(g.center_lat, g.center_lng), ll_to_earth(${lat}, ${lng}))
    LIMIT 1`.execute(db)
  const row = r.rows[0]
  return row ? { id: row.id, name: row.name, communityName: row.community_name } : null
}
