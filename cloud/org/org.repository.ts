import type { Kdb } from '../db/db'
import { routePoint } from './boundaries.repository'

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
