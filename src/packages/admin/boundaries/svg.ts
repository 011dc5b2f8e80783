import type { TBoundaryGeometry } from '../../../../types/boundaries'

/** Drawing boundaries without a map: pure functions, no Taro (unit-tested). */

export interface Shape {
  name: string
  kind: 'grid' | 'community'
  geometry: TBoundaryGeometry
  /** drawn in red: a problem was reported for it */
  problem?: boolean
}

export const COLOURS = ['#1a73e8', '#188038', '#e37400', '#9334e6', '#00897b', '#c5221f', '#5f6368', '#d01884']

export function polygons(g: TBoundaryGeometry): number[][][][] {
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates
}

function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!)
}

/** The shapes as one SVG (x = lng × cos(lat) so squares look square); holes by even-odd fill. */
export function boundariesSvg(shapes: Shape[], width = 640): string {
  const all = shapes.flatMap((s) => polygons(s.geometry).flatMap((p) => p[0]))
  if (all.length === 0) return ''
  const lats = all.map((p) => p[1])
  const lngs = all.map((p) => p[0])
  const k = Math.cos((((Math.min(...lats) + Math.max(...lats)) / 2) * Math.PI) / 180)
  const [minX, maxX, minY, maxY] = [Math.min(...lngs) * k, Math.max(...lngs) * k, Math.min(...lats), Math.max(...lats)]
  const pad = 12
  const spanX = Math.max(maxX - minX, 1e-9)
  const spanY = Math.max(maxY - minY, 1e-9)
  // one scale for both axes; a tall street is drawn narrower instead of making the page 2,000 px long
  const height = Math.round(Math.min(Math.max((spanY * (width - 2 * pad)) / spanX + 2 * pad, 160), 520))
  const sy = Math.min((width - 2 * pad) / spanX, (height - 2 * pad) / spanY)
  const offsetX = (width - spanX * sy) / 2
  const xy = (p: number[]) => `${(offsetX + (p[0] * k - minX) * sy).toFixed(1)},${(height - pad - (p[1] - minY) * sy).toFixed(1)}`
  const ordered = [...shapes].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'community' ? -1 : 1))
  const body = ordered
    .map((s, i) => {
      const d = polygons(s.geometry)
        .map((poly) => poly.map((ring) => `M${ring.map(xy).join('L')}Z`).join(''))
        .join('')
      const colour = s.problem ? '#c5221f' : s.kind === 'community' ? '#5f6368' : COLOURS[i % COLOURS.length]
      const ring = polygons(s.geometry)[0][0]
      const cx = ring.reduce((a, p) => a + p[0], 0) / ring.length
      const cy = ring.reduce((a, p) => a + p[1], 0) / ring.length
      const [tx, ty] = xy([cx, cy]).split(',')
      const shape =
        s.kind === 'community'
          ? `<path d="${d}" fill="none" stroke="${colour}" stroke-width="2" stroke-dasharray="6 4" fill-rule="evenodd"/>`
          : `<path d="${d}" fill="${colour}" fill-opacity="0.22" stroke="${colour}" stroke-width="1.5" fill-rule="evenodd"/>`
      const label = s.kind === 'grid' ? `<text x="${tx}" y="${ty}" font-size="12" text-anchor="middle" fill="#202124">${escapeXml(s.name)}</text>` : ''
      return shape + label
    })
    .join('')
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><rect width="100%" height="100%" fill="#ffffff"/>${body}</svg>`
}
