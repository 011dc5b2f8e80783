import distance from '@turf/distance'
import { point } from '@turf/helpers'
import { findHotspots, HOTSPOT_MIN_REPORTS, HOTSPOT_RADIUS_M } from '../../cloud/dashboard/hotspots'

// The bucketed, projected search must find exactly the neighbours a pair-by-pair great-circle search finds.
function bruteForce(places: { id: string; category: string; lat: number; lng: number }[]) {
  const near = new Map(
    places.map((p) => [p.id, places.filter((q) => q.category === p.category && (q === p || distance(point([p.lng, p.lat]), point([q.lng, q.lat]), { units: 'meters' }) <= HOTSPOT_RADIUS_M))]),
  )
  const used = new Set<string>()
  const spots: { category: string; count: number; reportIds: string[] }[] = []
  const order = [...places].sort((a, b) => near.get(b.id)!.length - near.get(a.id)!.length || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  for (const c of order) {
    if (used.has(c.id)) continue
    const members = near.get(c.id)!.filter((q) => !used.has(q.id))
    if (members.length < HOTSPOT_MIN_REPORTS) continue
    for (const m of members) used.add(m.id)
    spots.push({ category: c.category, count: members.length, reportIds: members.map((m) => m.id).sort() })
  }
  return spots.sort((a, b) => b.count - a.count)
}

describe('hotspots', () => {
  it('finds what a pair-by-pair great-circle search finds (700 reports over 1.5 km, two categories)', () => {
    let seed = 7
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647
    const places = Array.from({ length: 700 }, (_, i) => ({
      id: `r${String(i).padStart(4, '0')}`,
      category: i % 2 ? 'sanitation' : 'municipal',
      lat: 31.3 + random() * 0.0135,
      lng: 120.6 + random() * 0.0157,
    }))
    const found = findHotspots(places).map(({ category, count, reportIds }) => ({ category, count, reportIds }))
    expect(found.length).toBeGreaterThan(5)
    expect(found).toEqual(bruteForce(places))
  })

  it('counts a neighbour 99 m to the east wherever the pair sits (cells are wider than the radius)', () => {
    const mPerDegLng = 111_320 * Math.cos((31.3 * Math.PI) / 180)
    for (const start of [120.6, 120.60049, 120.600951, 120.6009999]) {
      const places = [0, 99, -60].map((m, i) => ({ id: `p${i}`, category: 'sanitation', lat: 31.3, lng: start + m / mPerDegLng }))
      expect(findHotspots(places)).toHaveLength(1)
    }
  })
})
