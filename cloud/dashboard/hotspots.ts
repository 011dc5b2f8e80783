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

// metres per degree near the ground (a flat approximation, off by well under 1 % at 100 m)
const M_PER_DEG_LAT = 110_574
const M_PER_DEG_LNG_EQUATOR = 111_320

/** Within 100 m: the flat approximation decides clear cases; turf's great-circle distance decides the rest. */
function within(a: Place, b: Place): boolean {
  const dy = (a.lat - b.lat) * M_PER_DEG_LAT
  const dx = (a.lng - b.lng) * M_PER_DEG_LNG_EQUATOR * Math.cos((((a.lat + b.lat) / 2) * Math.PI) / 180)
  const flat = Math.sqrt(dx * dx + dy * dy)
  if (flat < HOTSPOT_RADIUS_M * 0.98) return true
  if (flat > HOTSPOT_RADIUS_M * 1.02) return false
  return distance(point([a.lng, a.lat]), point([b.lng, b.lat]), { units: 'meters' }) <= HOTSPOT_RADIUS_M
}

const cellOf = (p: Place, dx = 0, dy = 0) => `${p.category}:${Math.floor(p.lat / CELL) + dy}:${Math.floor(p.lng / CELL) + dx}`

/**
 * Greedy clustering: the report with the most same-category neighbours within 100 m becomes a
 * hotspot's centre with those neighbours; they are not counted again; repeat while a centre still
 * has ≥ 3 reports. Bucketed by ~100 m cells, and turf's exact distance only where the cheap one is
 * not clear, so a street's month stays fast.
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
    const found: Place[] = []
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        for (const q of cells.get(cellOf(p, dx, dy)) ?? []) {
          if (q.id === p.id || within(p, q)) found.push(q)
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
