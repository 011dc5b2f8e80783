import type { TDashboardMap } from '../../types/dashboard-lists'

/**
 * The dashboard map drawn as SVG on the server (like the charts), so weapp and H5 show the same
 * picture as an image and no map tiles are needed: open reports as dots (overdue red), hotspot
 * centres as orange rings of 100 m, east–west shrunk by cos(latitude) so distances look right.
 */
const W = 640
const H = 400
const PAD = 28
const FONT = 'PingFang SC, Noto Sans CJK SC, Microsoft YaHei, sans-serif'
const M_PER_DEG_LAT = 110_574

const esc = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`)

export function mapSvg(map: Omit<TDashboardMap, 'svg'>): string {
  const spots = map.hotspots
  const all = [...map.points, ...spots]
  let body: string
  if (all.length === 0) {
    body = `<text x="${W / 2}" y="${H / 2}" text-anchor="middle" font-size="16" fill="#999">现在没有办理中的随手拍</text>`
  } else {
    const lats = all.map((p) => p.lat)
    const lngs = all.map((p) => p.lng)
    const cLat = (Math.min(...lats) + Math.max(...lats)) / 2
    const cLng = (Math.min(...lngs) + Math.max(...lngs)) / 2
    const k = Math.cos((cLat * Math.PI) / 180)
    // degrees of latitude shown: everything fits, at least ~400 m across
    const span = Math.max((Math.max(...lats) - Math.min(...lats)) * 1.15, ((Math.max(...lngs) - Math.min(...lngs)) * k * 1.15 * (H - 2 * PAD)) / (W - 2 * PAD), 0.004)
    const scale = (H - 2 * PAD) / span // px per degree of latitude
    const x = (lng: number) => W / 2 + (lng - cLng) * k * scale
    const y = (lat: number) => H / 2 - (lat - cLat) * scale
    const ring = Math.max(8, (100 / M_PER_DEG_LAT) * scale)
    const dot = (p: TDashboardMap['points'][number]) =>
      `<circle cx="${x(p.lng).toFixed(1)}" cy="${y(p.lat).toFixed(1)}" r="${p.overdue ? 5 : 4}" fill="${p.overdue ? '#ff4d4f' : '#1677ff'}" fill-opacity="0.85" stroke="#fff" stroke-width="1"><title>${esc(p.categoryName)}${p.overdue ? '（超期）' : ''}</title></circle>`
    body = [
      ...spots.map(
        (s) =>
          `<circle cx="${x(s.lng).toFixed(1)}" cy="${y(s.lat).toFixed(1)}" r="${ring.toFixed(1)}" fill="#fa8c16" fill-opacity="0.18" stroke="#fa8c16" stroke-width="2"><title>${esc(s.name)} ${s.count} 次</title></circle>` +
          `<text x="${(x(s.lng) + ring + 3).toFixed(1)}" y="${(y(s.lat) + 4).toFixed(1)}" font-size="12" fill="#d46b08">${esc(s.name)} ${s.count}次</text>`,
      ),
      ...map.points.filter((p) => !p.overdue).map(dot),
      ...map.points.filter((p) => p.overdue).map(dot),
      // a 100 m scale bar
      `<line x1="${W - PAD - (100 / M_PER_DEG_LAT) * scale}" y1="${H - 12}" x2="${W - PAD}" y2="${H - 12}" stroke="#555" stroke-width="2"/>`,
      `<text x="${W - PAD}" y="${H - 16}" text-anchor="end" font-size="11" fill="#555">100 米</text>`,
    ].join('')
  }
  const legend =
    `<circle cx="16" cy="16" r="5" fill="#1677ff"/><text x="26" y="20" font-size="12" fill="#333">未超期 ${map.total - map.overdue}</text>` +
    `<circle cx="116" cy="16" r="5" fill="#ff4d4f"/><text x="126" y="20" font-size="12" fill="#333">超期 ${map.overdue}</text>` +
    `<circle cx="196" cy="16" r="6" fill="#fa8c16" fill-opacity="0.2" stroke="#fa8c16" stroke-width="2"/><text x="208" y="20" font-size="12" fill="#333">反复出现 ${spots.length}</text>` +
    (map.capped ? `<text x="${W - 8}" y="20" text-anchor="end" font-size="12" fill="#999">只画出 ${map.points.length} / ${map.total} 件</text>` : '')
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="${FONT}"><rect width="${W}" height="${H}" fill="#f6f8fa"/>${body}${legend}</svg>`
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`
}
