import type { AppDeps } from '../platform/context'
import type { TBoundaryView } from '../../types/boundaries'
import { setupScopes, type Actor } from './org.policy'
import { boundariesUnder } from './boundaries.repository'
import { boxPolygon, type Geometry } from './geometry'

/** The grids and communities the caller sets up, with their boundaries, for the preview map. */
export async function listBoundaries(deps: AppDeps, actor: Actor): Promise<{ items: TBoundaryView[] }> {
  const rows = await boundariesUnder(deps.db.kysely, setupScopes(actor))
  return {
    items: rows.map((r) => {
      const box = r.min_lat === null ? null : boxPolygon({ minLat: r.min_lat, maxLat: r.max_lat!, minLng: r.min_lng!, maxLng: r.max_lng! })
      return {
        orgUnitId: r.id,
        name: r.name,
        kind: r.kind as 'grid' | 'community',
        parentName: r.parentName,
        geometry: (r.geometry as unknown as Geometry | null) ?? box,
        source: r.geometry ? 'polygon' : box ? 'box' : 'none',
      }
    }),
  }
}
