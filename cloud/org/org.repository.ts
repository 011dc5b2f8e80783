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
