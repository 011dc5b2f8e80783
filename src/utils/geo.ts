import Taro from '@tarojs/taro'
import type { TGeoGeometry } from '@contracts/org'
import { browserToGcj02 } from './crs'

export interface LatLng {
  lat: number
  lng: number
}

/** Great-circle distance in metres (haversine; plenty for "about 300 m away"). */
export function distanceMeters(a: LatLng, b: LatLng): number {
  const rad = Math.PI / 180
  const dLat = (b.lat - a.lat) * rad
  const dLng = (b.lng - a.lng) * rad
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2
  return 2 * 6_371_000 * Math.asin(Math.min(1, Math.sqrt(h)))
}

/** 「约 350 米」/「约 2.4 公里」 */
export function distanceText(m: number): string {
  if (m < 1000) return `约 ${Math.max(10, Math.round(m / 10) * 10)} 米`
  return `约 ${(m / 1000).toFixed(1)} 公里`
}

/** 北纬 31.21000，东经 121.43270 */
export function coordsText(p: LatLng): string {
  return `北纬 ${p.lat.toFixed(5)}，东经 ${p.lng.toFixed(5)}`
}

/** The outer rings of a GeoJSON Polygon / MultiPolygon as lists of points. */
export function outerRings(g: TGeoGeometry | null | undefined): LatLng[][] {
  if (!g) return []
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates
  return polys.map((p) => (p[0] ?? []).map(([lng, lat]) => ({ lat, lng })))
}

/** Whether a point is inside a ring (ray casting). */
export function insideRing(p: LatLng, ring: LatLng[]): boolean {
  let inside = false
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i]
    const b = ring[j]
    if (a.lat > p.lat !== b.lat > p.lat && p.lng < ((b.lng - a.lng) * (p.lat - a.lat)) / (b.lat - a.lat) + a.lng) inside = !inside
  }
  return inside
}

/**
 * The current position in GCJ-02: WeChat's (weapp) as it is, the browser's (H5, WGS-84) converted.
 * Rejects when refused or unavailable.
 */
export async function currentPosition(): Promise<LatLng> {
  if (process.env.TARO_ENV === 'weapp') {
    const r = await Taro.getLocation({ type: 'gcj02' })
    return { lat: r.latitude, lng: r.longitude }
  }
  return new Promise((resolve, reject) => {
    const geo = typeof navigator !== 'undefined' ? navigator.geolocation : undefined
    if (!geo) return reject(new Error('no geolocation'))
    geo.getCurrentPosition(
      (p) => resolve(browserToGcj02({ lat: p.coords.latitude, lng: p.coords.longitude })),
      (e) => reject(e),
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 },
    )
  })
}

/** A map link for H5 (高德 marker page; opens the 高德 app on a phone when installed). Positions are GCJ-02, 高德's own. */
export function mapLink(p: LatLng, name: string): string {
  return `https://uri.amap.com/marker?position=${p.lng.toFixed(6)},${p.lat.toFixed(6)}&name=${encodeURIComponent(name)}&coordinate=gaode&callnative=1`
}
