import type { Kdb } from '../db/db'
import type { DemoWorld } from '../db/seed/world'
import { COMMUNITY_ORDER, DEMO_STREET_BOX } from '../db/seed/world'
import { writeBoundary } from './boundaries.repository'
import type { Geometry } from './geometry'

const rect = (minLng: number, minLat: number, maxLng: number, maxLat: number): Geometry => ({
  type: 'Polygon',
  coordinates: [
    [
      [minLng, minLat],
      [maxLng, minLat],
      [maxLng, maxLat],
      [minLng, maxLat],
      [minLng, minLat],
    ],
  ],
})

/**
 * 东湖社区's two grids interlock as two L shapes: 第一网格 is the north half without its south-east
 * corner (31.205–31.208 N, 121.4325–121.435 E), which belongs to 第二网格. A report in that corner
 * sits inside 第一网格's bounding box but goes to 第二网格 — the case boxes got wrong.
 */
export const DONGHU_NOTCH = { minLat: 31.205, maxLat: 31.208, minLng: 121.4325, maxLng: 121.435 }

export function demoBoundaries(): { community: string; unit: string; geometry: Geometry }[] {
  const out: { community: string; unit: string; geometry: Geometry }[] = []
  const { minLat, maxLat } = DEMO_STREET_BOX
  for (const [i, name] of COMMUNITY_ORDER.entries()) {
    const w = DEMO_STREET_BOX.minLng + 0.005 * i
    const e = w + 0.005
    out.push({ community: name, unit: name, geometry: rect(w, minLat, e, maxLat) })
    if (name === '东湖社区') {
      const n = DONGHU_NOTCH
      out.push({
        community: name,
        unit: `${name}第一网格`,
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [w, 31.205],
              [n.minLng, 31.205],
              [n.minLng, n.maxLat],
              [e, n.maxLat],
              [e, maxLat],
              [w, maxLat],
              [w, 31.205],
            ],
          ],
        },
      })
      out.push({
        community: name,
        unit: `${name}第二网格`,
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [w, minLat],
              [e, minLat],
              [e, n.maxLat],
              [n.minLng, n.maxLat],
              [n.minLng, 31.205],
              [w, 31.205],
              [w, minLat],
            ],
          ],
        },
      })
    } else {
      out.push({ community: name, unit: `${name}第一网格`, geometry: rect(w, 31.205, e, maxLat) })
      out.push({ community: name, unit: `${name}第二网格`, geometry: rect(w, minLat, e, 31.205) })
    }
  }
  return out
}

/** Demo: every community and grid of 天平街道 gets a polygon (GCJ-02), so the preview shows them. */
export async function seedBoundaries(tx: Kdb, world: DemoWorld): Promise<void> {
  for (const b of demoBoundaries()) {
    const unit = b.unit === b.community ? world.communities[b.unit] : world.grids[b.unit]
    await writeBoundary(tx, { unitId: unit.id, path: unit.path, geometry: b.geometry, crs: 'gcj02', actorId: null, now: world.now })
  }
}
