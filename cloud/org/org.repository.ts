import { sql } from 'kysely'
import type { Kdb } from '../db/db'
import { routePoint } from './boundaries.repository'

/**
 * The communities a resident can pick, each with its centre (GCJ-02) — where a pin placed by hand
 * starts: the community's own box centre, else the middle of its grids' centres, else null.
 */
export async function listCommunities(db: Kdb) {
  const rows = await db
    .selectFrom('org_units as c')
    .innerJoin('org_units as k', 'k.id', 'c.parent_id')
    .leftJoin('org_unit_geo as g', 'g.org_unit_id', 'c.id')
    .select(['c.id', 'c.name', 'k.name as clusterName'])
    .select(sql<number | null>`coalesce(g.center_lat, (SELECT avg(gg.center_lat) FROM org_units gu JOIN org_unit_geo gg ON gg.org_unit_id = gu.id WHERE gu.parent_id = c.id))`.as('centreLat'))
    .select(sql<number | null>`coalesce(g.center_lng, (SELECT avg(gg.center_lng) FROM org_units gu JOIN org_unit_geo gg ON gg.org_unit_id = gu.id WHERE gu.parent_id = c.id))`.as('centreLng'))
    .where('c.kind', '=', 'community')
    .orderBy('k.name')
    .orderBy('c.name')
    .execute()
  return rows.map(({ centreLat, centreLng, ...r }) => ({ ...r, centre: centreLat === null || centreLng === null ? null : { lat: Number(centreLat), lng: Number(centreLng) } }))
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

/** The grid a point belongs to, by the same rule 随手拍 routing uses (routePoint: polygons, then boxes), with names. */
export async function findGridForPoint(db: Kdb, lat: number, lng: number) {
  const route = await routePoint(db, lat, lng)
  if (!route) return null
  const row = await db
    .selectFrom('org_units as u')
    .innerJoin('org_units as c', 'c.id', 'u.parent_id')
    .select(['u.id', 'u.name', 'c.name as community_name'])
    .where('u.id', '=', route.gridId)
    .executeTakeFirst()
  return row ? { id: row.id, name: row.name, communityName: row.community_name } : null
}
