import gcoord from 'gcoord'
import kinks from '@turf/kinks'
import area from '@turf/area'
import intersect from '@turf/intersect'
import difference from '@turf/difference'
import union from '@turf/union'
import { feature, featureCollection, polygon as turfPolygon } from '@turf/helpers'
import type { Feature, MultiPolygon, Polygon } from 'geojson'
import { ZBoundaryGeometrySchema, type TBoundaryGeometry, type TCrs } from '../../types/boundaries'

/**
 * Geometry of boundaries: parse, convert to GCJ-02 once, check (self-intersection, overlaps, gaps)
 * with turf, and turn into PostgreSQL polygon rings. No SQL here.
 */

/** An overlap or gap smaller than this (m²) is rounding, not a problem worth a row. */
export const AREA_TOLERANCE_M2 = 1

export type Geometry = TBoundaryGeometry

/** Positions cut to [lng, lat]: an altitude is dropped, it has no meaning for a grid. */
function flat(geometry: Geometry): Geometry {
  const ring = (r: number[][]) => r.map((p) => [p[0], p[1]])
  return geometry.type === 'Polygon' ? { type: 'Polygon', coordinates: geometry.coordinates.map(ring) } : { type: 'MultiPolygon', coordinates: geometry.coordinates.map((poly) => poly.map(ring)) }
}

/** Parses an unknown value as Polygon/MultiPolygon; a Chinese reason when it is not one. */
export function parseGeometry(value: unknown): { geometry: Geometry } | { problem: string } {
  const r = ZBoundaryGeometrySchema.safeParse(value)
  if (!r.success) return { problem: r.error.issues[0]?.message ?? '边界应为 GeoJSON 的 Polygon 或 MultiPolygon' }
  return { geometry: flat(r.data) }
}

/** Stored coordinates are GCJ-02 (see migration 0013); WGS-84 input is converted here, once. */
export function toStoredCrs(geometry: Geometry, crs: TCrs): Geometry {
  if (crs === 'gcj02') return geometry
  return gcoord.transform(structuredClone(geometry) as Parameters<typeof gcoord.transform>[0], gcoord.WGS84, gcoord.GCJ02) as unknown as Geometry
}

export function polygonsOf(geometry: Geometry): number[][][][] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates
}

/** Self-intersections (a figure-8, a hole crossing its outer ring): the first place, in Chinese. */
export function selfIntersection(geometry: Geometry): string | null {
  for (const rings of polygonsOf(geometry)) {
    const found = kinks(turfPolygon(rings)).features
    if (found.length > 0) {
      const [lng, lat] = found[0].geometry.coordinates
      return `边界自相交（约在 经度 ${lng.toFixed(6)}，纬度 ${lat.toFixed(6)}），请修正后再导入`
    }
  }
  return null
}

function asFeature(geometry: Geometry): Feature<Polygon | MultiPolygon> {
  return feature(geometry as Polygon | MultiPolygon)
}

/** Area in m² of the overlap of two boundaries (0 when they only touch). */
export function overlapArea(a: Geometry, b: Geometry): number {
  const shared = intersect(featureCollection([asFeature(a), asFeature(b)]))
  return shared ? area(shared) : 0
}

/** Area in m² of `outer` not covered by any of `parts` (a community's area that is in no grid). */
export function uncoveredArea(outer: Geometry, parts: Geometry[]): number {
  if (parts.length === 0) return area(asFeature(outer))
  const covered = parts.length === 1 ? asFeature(parts[0]) : union(featureCollection(parts.map(asFeature)))
  if (!covered) return area(asFeature(outer))
  const rest = difference(featureCollection([asFeature(outer), covered]))
  return rest ? area(rest) : 0
}

export interface Ring {
  part: number
  ring: number
  isHole: boolean
  /** PostgreSQL polygon literal, x = lng, y = lat */
  shape: string
}

/** One row per ring for org_unit_rings; the closing point is dropped (a PostgreSQL polygon closes itself). */
export function ringsOf(geometry: Geometry): Ring[] {
  return polygonsOf(geometry).flatMap((rings, part) =>
    rings.map((r, ring) => ({
      part,
      ring,
      isHole: ring > 0,
      shape: `(${r
        .slice(0, -1)
        .map((p) => `(${p[0]},${p[1]})`)
        .join(',')})`,
    })),
  )
}

export interface Bbox {
  minLat: number
  maxLat: number
  minLng: number
  maxLng: number
}

export function bboxOf(geometry: Geometry): Bbox {
  const b = { minLat: Infinity, maxLat: -Infinity, minLng: Infinity, maxLng: -Infinity }
  for (const rings of polygonsOf(geometry)) {
    for (const [lng, lat] of rings[0]) {
      b.minLat = Math.min(b.minLat, lat)
      b.maxLat = Math.max(b.maxLat, lat)
      b.minLng = Math.min(b.minLng, lng)
      b.maxLng = Math.max(b.maxLng, lng)
    }
  }
  return b
}

export function boxPolygon(b: Bbox): Geometry {
  return {
    type: 'Polygon',
    coordinates: [
      [
        [b.minLng, b.minLat],
        [b.maxLng, b.minLat],
        [b.maxLng, b.maxLat],
        [b.minLng, b.maxLat],
        [b.minLng, b.minLat],
      ],
    ],
  }
}

/** Square metres, rounded for a Chinese sentence. */
export function formatArea(m2: number): string {
  return m2 >= 10_000 ? `${(m2 / 10_000).toFixed(2)} 公顷` : `${Math.round(m2)} 平方米`
}
