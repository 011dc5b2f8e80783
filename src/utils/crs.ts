import gcoord from 'gcoord'

/**
 * A browser's position (navigator.geolocation: WGS-84, GPS) as GCJ-02, the system every position in
 * the app uses: boundaries are stored in it (cloud/org), WeChat's getLocation({type:'gcj02'}),
 * chooseLocation and map give it. Without this an H5 report lands a few hundred metres off, often
 * in the wrong grid. gcoord leaves points outside China unchanged.
 */
export function browserToGcj02(p: { lat: number; lng: number }): { lat: number; lng: number } {
  const [lng, lat] = gcoord.transform([p.lng, p.lat], gcoord.WGS84, gcoord.GCJ02)
  return { lat, lng }
}
