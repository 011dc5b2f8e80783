import { sql } from 'kysely'
import type { Kdb } from '../db/db'
import { newId } from '../platform/ids'
import { bboxOf, boxPolygon, ringsOf, type Geometry } from './geometry'
import type { TCrs } from '../../types/boundaries'

/** All SQL of boundaries (网格边界): polygons per grid/community and point-in-polygon routing. */

export interface BoundaryUnit {
  id: string
  kind: 'grid' | 'community'
  name: string
  path: string
  parentId: string | null
  parentName: string | null
}

/** A grid or community by id (anything else is "not found" for boundaries). */
export async function findBoundaryUnit(db: Kdb, id: string): Promise<BoundaryUnit | null> {
  const rows = await unitsQuery(db).where('u.id', '=', id).execute()
  return (rows[0] as BoundaryUnit | undefined) ?? null
}

/** Grids and communities under any of `paths` (the caller's scope). */
export async function boundaryUnitsUnder(db: Kdb, paths: string[]): Promise<BoundaryUnit[]> {
  if (paths.length === 0) return []
  const rows = await unitsQuery(db)
    .where((eb) => eb.or(paths.map((p) => eb('u.path', 'like', `${p}%`))))
    .orderBy('u.path')
    .execute()
  return rows as BoundaryUnit[]
}

function unitsQuery(db: Kdb) {
  return db
    .selectFrom('org_units as u')
    .leftJoin('org_units as p', 'p.id', 'u.parent_id')
    .select(['u.id', 'u.kind', 'u.name', 'u.path', 'u.parent_id as parentId', 'p.name as parentName'])
    .where('u.kind', 'in', ['grid', 'community'])
}

/** Stored boundaries (GCJ-02) of the given units. */
export async function storedBoundaries(db: Kdb, unitIds: string[]): Promise<Map<string, Geometry>> {
  if (unitIds.length === 0) return new Map()
  const rows = await db.selectFrom('org_unit_boundaries').select(['org_unit_id', 'geometry']).where('org_unit_id', 'in', unitIds).execute()
  return new Map(rows.map((r) => [r.org_unit_id, r.geometry as unknown as Geometry]))
}

/** The grids of these communities (to check sibling overlaps and gaps against what is stored). */
export async function gridsOf(db: Kdb, communityIds: string[]): Promise<{ id: string; name: string; parentId: string }[]> {
  if (communityIds.length === 0) return []
  const rows = await db.selectFrom('org_units').select(['id', 'name', 'parent_id']).where('kind', '=', 'grid').where('parent_id', 'in', communityIds).execute()
  return rows.map((r) => ({ id: r.id, name: r.name, parentId: r.parent_id! }))
}

/**
 * Writes one unit's boundary: the GeoJSON, its rings as polygons (one multi-row insert), the box
 * and centre in org_unit_geo (open311 and the box fallback read them), and grows the street's box
 * so a new street without a drawn box still has one.
 */
export async function writeBoundary(tx: Kdb, row: { unitId: string; path: string; geometry: Geometry; crs: TCrs; actorId: string | null; now: Date }): Promise<void> {
  await tx
    .insertInto('org_unit_boundaries')
    .values({ org_unit_id: row.unitId, geometry: JSON.stringify(row.geometry), source_crs: row.crs, updated_by: row.actorId, updated_at: row.now })
    .onConflict((oc) => oc.column('org_unit_id').doUpdateSet({ geometry: JSON.stringify(row.geometry), source_crs: row.crs, updated_by: row.actorId, updated_at: row.now }))
    .execute()
  await tx.deleteFrom('org_unit_rings').where('org_unit_id', '=', row.unitId).execute()
  const rings = ringsOf(row.geometry)
  await tx
    .insertInto('org_unit_rings')
    .values(rings.map((r) => ({ org_unit_id: row.unitId, part: r.part, ring: r.ring, is_hole: r.isHole, shape: sql<string>`${r.shape}::polygon` as unknown as string })))
    .execute()
  const b = bboxOf(row.geometry)
  await sql`
    INSERT INTO org_unit_geo (org_unit_id, center_lat, center_lng, min_lat, max_lat, min_lng, max_lng)
    VALUES (${row.unitId}, ${(b.minLat + b.maxLat) / 2}, ${(b.minLng + b.maxLng) / 2}, ${b.minLat}, ${b.maxLat}, ${b.minLng}, ${b.maxLng})
    ON CONFLICT (org_unit_id) DO UPDATE SET center_lat = EXCLUDED.center_lat, center_lng = EXCLUDED.center_lng,
      min_lat = EXCLUDED.min_lat, max_lat = EXCLUDED.max_lat, min_lng = EXCLUDED.min_lng, max_lng = EXCLUDED.max_lng`.execute(tx)
  const streetId = row.path.split('/').filter(Boolean)[0]
  await sql`
    INSERT INTO org_unit_geo AS g (org_unit_id, center_lat, center_lng, min_lat, max_lat, min_lng, max_lng)
    VALUES (${streetId}, ${(b.minLat + b.maxLat) / 2}, ${(b.minLng + b.maxLng) / 2}, ${b.minLat}, ${b.maxLat}, ${b.minLng}, ${b.maxLng})
    ON CONFLICT (org_unit_id) DO UPDATE SET
      min_lat = LEAST(g.min_lat, EXCLUDED.min_lat), max_lat = GREATEST(g.max_lat, EXCLUDED.max_lat),
      min_lng = LEAST(g.min_lng, EXCLUDED.min_lng), max_lng = GREATEST(g.max_lng, EXCLUDED.max_lng),
      center_lat = (LEAST(g.min_lat, EXCLUDED.min_lat) + GREATEST(g.max_lat, EXCLUDED.max_lat)) / 2,
      center_lng = (LEAST(g.min_lng, EXCLUDED.min_lng) + GREATEST(g.max_lng, EXCLUDED.max_lng)) / 2`.execute(tx)
}

export async function insertAudit(tx: Kdb, row: { actorId: string; action: string; details: Record<string, unknown>; now: Date }): Promise<void> {
  await tx
    .insertInto('audit_log')
    .values({ id: newId(), actor_id: row.actorId, subject_id: null, action: row.action, details: JSON.stringify(row.details), created_at: row.now })
    .execute()
}

/**
 * The grid or community whose polygon holds the point, grids first. `polygon(box(p, p))` lets the
 * gist index on the rings find candidates; `@> point` then decides exactly (concave corners too);
 * a hole of the same part takes the point out again.
 */
const containing = (lat: number, lng: number) => sql`
  SELECT DISTINCT u.id, u.kind, u.path, u.parent_id
  FROM org_unit_rings o JOIN org_units u ON u.id = o.org_unit_id
  WHERE NOT o.is_hole
    AND o.shape @> polygon(box(point(${lng}, ${lat}), point(${lng}, ${lat})))
    AND o.shape @> point(${lng}, ${lat})
    AND NOT EXISTS (SELECT 1 FROM org_unit_rings h WHERE h.org_unit_id = o.org_unit_id AND h.part = o.part AND h.is_hole
                    AND h.shape @> point(${lng}, ${lat}))`

export interface BoundaryRoute {
  streetId: string
  streetPath: string
  communityId: string
  gridId: string
  gridPath: string
}

/**
 * Point-in-polygon routing: the grid whose polygon holds the point; else, inside a community's
 * polygon, that community's nearest grid (distance to its polygon, or to its centre when it only
 * has a box). Null when no polygon holds the point — the caller falls back to boxes.
 * Distances are in degrees: only used to rank a few neighbouring grids.
 */
export async function routeByBoundary(db: Kdb, lat: number, lng: number): Promise<BoundaryRoute | null> {
  const hit = await sql<{ id: string; kind: string; path: string; parent_id: string }>`
    ${containing(lat, lng)} ORDER BY u.kind DESC, u.path LIMIT 2`.execute(db)
  // kind DESC puts 'grid' before 'community'
  const grid = hit.rows.find((r) => r.kind === 'grid')
  if (grid) return toRoute(grid.id, grid.path, grid.parent_id)
  const community = hit.rows.find((r) => r.kind === 'community')
  if (!community) return null
  const nearest = await sql<{ id: string; path: string }>`
    SELECT u.id, u.path FROM org_units u LEFT JOIN org_unit_geo g ON g.org_unit_id = u.id
    WHERE u.kind = 'grid' AND u.parent_id = ${community.id}
    ORDER BY COALESCE(
      (SELECT min(r.shape <-> point(${lng}, ${lat})) FROM org_unit_rings r WHERE r.org_unit_id = u.id AND NOT r.is_hole),
      point(g.center_lng, g.center_lat) <-> point(${lng}, ${lat})) NULLS LAST, u.path
    LIMIT 1`.execute(db)
  const row = nearest.rows[0]
  return row ? toRoute(row.id, row.path, community.id) : null
}

function toRoute(gridId: string, gridPath: string, communityId: string): BoundaryRoute {
  const streetId = gridPath.split('/').filter(Boolean)[0]
  return { streetId, streetPath: `/${streetId}/`, communityId, gridId, gridPath }
}

/**
 * A point → its grid, for 随手拍 routing and for naming the grid under a pin. First by polygon (migration 0013, routeByBoundary): the grid whose
 * polygon holds the point, else the nearest grid of the community whose polygon holds it. Units
 * without a polygon keep the boxes: the street whose box holds the point, then a grid without a
 * polygon whose box holds it, else the nearest grid centre of that street (earthdistance).
 */
export async function routePoint(db: Kdb, lat: number, lng: number): Promise<BoundaryRoute | null> {
  const byPolygon = await routeByBoundary(db, lat, lng)
  if (byPolygon) return byPolygon
  const r = await sql<{ street_id: string; street_path: string; grid_id: string; grid_path: string; community_id: string }>`
    WITH street AS (
      SELECT u.id, u.path FROM org_unit_geo g JOIN org_units u ON u.id = g.org_unit_id AND u.kind = 'street'
      WHERE ${lat} BETWEEN g.min_lat AND g.max_lat AND ${lng} BETWEEN g.min_lng AND g.max_lng
      LIMIT 1)
    SELECT street.id AS street_id, street.path AS street_path, u.id AS grid_id, u.path AS grid_path, u.parent_id AS community_id
    FROM street JOIN org_units u ON u.kind = 'grid' AND u.path LIKE street.path || '%'
    JOIN org_unit_geo g ON g.org_unit_id = u.id
    ORDER BY (${lat} BETWEEN g.min_lat AND g.max_lat AND ${lng} BETWEEN g.min_lng AND g.max_lng
              AND NOT EXISTS (SELECT 1 FROM org_unit_rings p WHERE p.org_unit_id = u.id)) DESC,
      earth_distance(ll_to_earth(g.center_lat, g.center_lng), ll_to_earth(${lat}, ${lng}))
    LIMIT 1`.execute(db)
  const row = r.rows[0]
  return row ? { streetId: row.street_id, streetPath: row.street_path, communityId: row.community_id, gridId: row.grid_id, gridPath: row.grid_path } : null
}

/**
 * A grid's (or community's) boundary as GeoJSON in GCJ-02 for a map: the polygon when one was
 * drawn or imported, the box as a polygon when only a box exists, null when neither.
 */
export async function gridBoundary(db: Kdb, orgUnitId: string): Promise<Geometry | null> {
  const polygon = await db.selectFrom('org_unit_boundaries').select('geometry').where('org_unit_id', '=', orgUnitId).executeTakeFirst()
  if (polygon) return polygon.geometry as unknown as Geometry
  const box = await db.selectFrom('org_unit_geo').select(['min_lat', 'max_lat', 'min_lng', 'max_lng']).where('org_unit_id', '=', orgUnitId).executeTakeFirst()
  return box ? boxPolygon({ minLat: box.min_lat, maxLat: box.max_lat, minLng: box.min_lng, maxLng: box.max_lng }) : null
}

/** Every grid/community under the scope with its boundary (polygon, else box) for the preview. */
export async function boundariesUnder(db: Kdb, paths: string[]) {
  if (paths.length === 0) return []
  return unitsQuery(db)
    .leftJoin('org_unit_boundaries as b', 'b.org_unit_id', 'u.id')
    .leftJoin('org_unit_geo as g', 'g.org_unit_id', 'u.id')
    .select(['b.geometry', 'g.min_lat', 'g.max_lat', 'g.min_lng', 'g.max_lng'])
    .where((eb) => eb.or(paths.map((p) => eb('u.path', 'like', `${p}%`))))
    .orderBy('u.path')
    .execute()
}
