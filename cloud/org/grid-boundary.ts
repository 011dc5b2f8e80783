import type { Kdb } from '../db/db'
import type { TGeoGeometry } from '../../types/org'

/**
 * A grid's (or any org unit's) boundary as GeoJSON, positions [lng, lat], or null when the unit
 * has no geography. Today org_unit_geo holds a box per unit, so this is the box as a closed Polygon;
 * real polygons replace the body without changing the signature.
 */
export async function gridBoundary(db: Kdb, orgUnitId: string): Promise<TGeoGeometry | null> {
  const g = await db.selectFrom('org_unit_geo').select(['min_lat', 'max_lat', 'min_lng', 'max_lng']).where('org_unit_id', '=', orgUnitId).executeTakeFirst()
  if (!g) return null
  const ring: [number, number][] = [
    [g.min_lng, g.min_lat],
    [g.max_lng, g.min_lat],
    [g.max_lng, g.max_lat],
    [g.min_lng, g.max_lat],
    [g.min_lng, g.min_lat],
  ]
  return { type: 'Polygon', coordinates: [ring] }
}
