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

interface Place {
  id: string
  category: string
  lat: number
  lng: number
}

// metres per degree near the ground: a flat projection around the places' mean latitude is off by
// well under 1 % at 100 m across a street; turf's great-circle distance decides pairs within ±2 %
const M_PER_DEG_LAT = 110_574
const M_PER_DEG_LNG_EQUATOR = 111_320
const SURELY_IN = (HOTSPOT_RADIUS_M * 0.98) ** 2
const SURELY_OUT = (HOTSPOT_RADIUS_M * 1.02) ** 2

// cells of 102 m in the projection: every place within 100 m of a place is in its cell or the eight around it
const CELL_M = HOTSPOT_RADIUS_M * 1.02

/**
 * Greedy clustering: the report with the most same-category neighbours within 100 m becomes a
 * hotspot's centre with those neighbours; they are not counted again; repeat while a centre still
 * has ≥ 3 reports. Places are projected to metres once (plain number arrays) and bucketed by ~100 m
 * cells; turf's exact distance is used only where the flat one is not clear, so a street's month
 * (8,000 reports) takes tens of milliseconds.
 */
export function findHotspots(places: Place[]): Hotspot[] {
  const n = places.length
  const lat0 = places.reduce((sum, p) => sum + p.lat, 0) / Math.max(n, 1)
  const mPerDegLng = M_PER_DEG_LNG_EQUATOR * Math.cos((lat0 * Math.PI) / 180)
  const xs = new Float64Array(n)
  const ys = new Float64Array(n)
  const cellX = new Int32Array(n)
  const cellY = new Int32Array(n)
  const cells = new Map<string, number[]>()
  const key = (i: number, dx: number, dy: number) => `${places[i].category}:${cellX[i] + dx}:${cellY[i] + dy}`
  for (let i = 0; i < n; i++) {
    xs[i] = places[i].lng * mPerDegLng
    ys[i] = places[i].lat * M_PER_DEG_LAT
    cellX[i] = Math.floor(xs[i] / CELL_M)
    cellY[i] = Math.floor(ys[i] / CELL_M)
    const k = key(i, 0, 0)
    const list = cells.get(k)
    if (list) list.push(i)
    else cells.set(k, [i])
  }
  const within = (i: number, j: number) => {
    const dx = xs[i] - xs[j]
    const dy = ys[i] - ys[j]
    const d2 = dx * dx + dy * dy
    if (d2 < SURELY_IN) return true
    if (d2 > SURELY_OUT) return false
    return distance(point([places[i].lng, places[i].lat]), point([places[j].lng, places[j].lat]), { units: 'meters' }) <= HOTSPOT_RADIUS_M
  }
  const near: number[][] = new Array(n)
  for (let i = 0; i < n; i++) {
    const found: number[] = []
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        const list = cells.get(key(i, dx, dy))
        if (!list) continue
        for (const j of list) if (j === i || within(i, j)) found.push(j)
      }
    }
    near[i] = found
  }
  const used = new Uint8Array(n)
  const spots: Hotspot[] = []
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => near[b].length - near[a].length || (places[a].id < places[b].id ? -1 : places[a].id > places[b].id ? 1 : 0))
  for (const c of order) {
    if (used[c]) continue
    const members = near[c].filter((j) => !used[j])
    if (members.length < HOTSPOT_MIN_REPORTS) continue
    for (const j of members) used[j] = 1
    const centre = places[c]
    spots.push({ category: centre.category, lat: centre.lat, lng: centre.lng, count: members.length, reportIds: members.map((j) => places[j].id).sort() })
  }
  return spots.sort((a, b) => b.count - a.count)
}
