import type { Kdb } from '../../db/db'
import { routePoint } from '../../org'

/** Where a case goes: the grid of a point, a street's category settings, departments, the staff who hold a level. */

export interface Route {
  streetId: string
  streetPath: string
  communityId: string
  gridId: string
  gridPath: string
}

/** Category × location → grid: the organisation's one routing rule (cloud/org/boundaries.repository.ts routePoint). */
export async function routeLocation(db: Kdb, lat: number, lng: number): Promise<Route | null> {
  return routePoint(db, lat, lng)
}

export async function categorySetting(db: Kdb, streetId: string, category: string) {
  return db
    .selectFrom('report_category_settings')
    .select(['limit_minutes', 'department_id', 'enabled', 'handler_level', 'duplicate_radius_m'])
    .where('street_id', '=', streetId)
    .where('category', '=', category)
    .executeTakeFirst()
}

/** A street's saved 随手拍 categories (管理 → 设置): display name and on/off per category code. */
export async function streetCategorySettings(db: Kdb, streetId: string) {
  return db.selectFrom('report_category_settings').select(['category', 'name', 'icon', 'enabled', 'limit_minutes']).where('street_id', '=', streetId).execute()
}

/** The street whose settings apply when no place is known: the only street there is, else none. */
export async function onlyStreetId(db: Kdb): Promise<string | null> {
  const rows = await db.selectFrom('org_units').select('id').where('kind', '=', 'street').where('closed_at', 'is', null).limit(2).execute()
  return rows.length === 1 ? rows[0].id : null
}

export async function findDepartmentByName(db: Kdb, streetId: string, name: string): Promise<string | null> {
  const row = await db.selectFrom('org_units').select('id').where('kind', '=', 'department').where('parent_id', '=', streetId).where('name', '=', name).executeTakeFirst()
  return row?.id ?? null
}

export async function findDepartment(db: Kdb, id: string, streetId: string) {
  return db.selectFrom('org_units').select(['id', 'name', 'path']).where('id', '=', id).where('kind', '=', 'department').where('parent_id', '=', streetId).executeTakeFirst()
}

export async function isGridWorkerIn(db: Kdb, userId: string, communityPath: string): Promise<boolean> {
  const row = await db
    .selectFrom('role_assignments as r')
    .innerJoin('org_units as o', 'o.id', 'r.org_unit_id')
    .select('r.id')
    .where('r.user_id', '=', userId)
    .where('r.role', '=', 'grid_worker')
    .where('o.path', 'like', `${communityPath}%`)
    .executeTakeFirst()
  return Boolean(row)
}

/** Staff to tell when a case lands at a unit (the unit's own roles; departments: department staff). */
export async function staffAt(db: Kdb, unitId: string, roles: readonly string[]): Promise<string[]> {
  const rows = await db
    .selectFrom('role_assignments')
    .select('user_id')
    .where('org_unit_id', '=', unitId)
    .where('role', 'in', roles as string[])
    .execute()
  return [...new Set(rows.map((r) => r.user_id))]
}

/** The org unit that holds a case at a level: the grid, its community, 片区, or street (by path). */
export async function unitAtLevel(db: Kdb, gridPath: string, level: string): Promise<{ id: string; name: string } | null> {
  const ids = gridPath.split('/').filter(Boolean) // street, cluster, community, grid
  const index = { street: 0, cluster: 1, community: 2, grid: 3 }[level]
  if (index === undefined || !ids[index]) return null
  return (await db.selectFrom('org_units').select(['id', 'name']).where('id', '=', ids[index]).executeTakeFirst()) ?? null
}

/** Who a coordinator can hand work to: grid workers under their scope, departments of their street. */
export async function handoverOptions(db: Kdb, paths: string[]) {
  if (paths.length === 0) return { gridWorkers: [], departments: [] }
  const streetIds = [...new Set(paths.map((p) => p.split('/').filter(Boolean)[0]))]
  const [gridWorkers, departments] = await Promise.all([
    db
      .selectFrom('role_assignments as r')
      .innerJoin('org_units as o', 'o.id', 'r.org_unit_id')
      .innerJoin('users as u', 'u.id', 'r.user_id')
      .select(['u.id', 'u.name', 'o.name as unit_name'])
      .where('r.role', '=', 'grid_worker')
      .where((eb) => eb.or(paths.map((p) => eb('o.path', 'like', `${p}%`))))
      .orderBy('o.name')
      .execute(),
    db.selectFrom('org_units').select(['id', 'name']).where('kind', '=', 'department').where('parent_id', 'in', streetIds).orderBy('name').execute(),
  ])
  return { gridWorkers: gridWorkers.map((g) => ({ id: g.id, name: g.name, unitName: g.unit_name })), departments }
}
