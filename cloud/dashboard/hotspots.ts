import distance from '@turf/distance'
import { point } from '@turf/helpers'

/** A place where the same problem keeps coming back: ≥ 3 reports of one category within 100 m in 30 days. */
export interface Hotspot {
  category: string
  lat: number
  lng: number
  count: number
  reportIds: string[]
}

export const HOTSPOT_RADIUS_M = 100
export const HOTSPOT_MIN_REPORTS = 3
// ~0.001° of latitude is 111 m: neighbours of a report are in its cell or the eight around it
const CELL = 0.001

interface Place {
  id: string
  category: string
  lat: number
  lng: number
}

const cellOf = (p: Place, dx = 0, dy = 0) => `${p.category}:${Math.floor(p.lat / CELL) + dy}:${Math.floor(p.lng / CELL) + dx}`

/**
 * Greedy clustering: the report with the most same-category neighbours within 100 m becomes a
 * hotspot's centre with those neighbours; they are not counted again; repeat while a centre still
 * has ≥ 3 reports. Exact distances (turf), bucketed so a street's month stays fast.
 */
export function findHotspots(places: Place[]): Hotspot[] {
  const cells = new Map<string, Place[]>()
  for (const p of places) {
    const key = cellOf(p)
    const list = cells.get(key)
    if (list) list.push(p)
    else cells.set(key, [p])
  }
  const near = new Map<string, Place[]>()
  for (const p of places) {
    const here = point([p.lng, p.lat])
    const found: Place[] = []
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        for (const q of cells.get(cellOf(p, dx, dy)) ?? []) {
          if (distance(here, point([q.lng, q.lat]), { units: 'meters' }) <= HOTSPOT_RADIUS_M) found.push(q)
        }
      }
    }
    near.set(p.id, found)
  }
  const used = new Set<string>()
  const spots: Hotspot[] = []
  const order = [...places].sort((a, b) => near.get(b.id)!.length - near.get(a.id)!.length || a.id.localeCompare(b.id))
  for (const centre of order) {
    if (used.has(centre.id)) continue
    const members = near.get(centre.id)!.filter((q) => !used.has(q.id))
    if (members.length < HOTSPOT_MIN_REPORTS) continue
    for (const m of members) used.add(m.id)
    spots.push({ category: centre.category, lat: centre.lat, lng: centre.lng, count: members.length, reportIds: members.map((m) => m.id).sort() })
  }
  return spots.sort((a, b) => b.count - a.count)
}
