import { useState } from 'react'
import { View, Text, Map } from '@tarojs/components'
import type { TGeoGeometry } from '@contracts/org'
import { coordsText, outerRings, type LatLng } from '../utils/geo'
import './GeoMap.scss'

const W = 320
const H = 200

/**
 * A point on a map with its grid's boundary. weapp: the Map component (marker + polygon); H5 has
 * no map tiles offline, so an SVG of the boundary with the point, plus the coordinates in words.
 * With onMove, a tap moves the pin there (the person corrects where the problem is).
 */
export function GeoMap({ point, boundary, label, onMove }: { point: LatLng; boundary?: TGeoGeometry | null; label?: string; onMove?: (p: LatLng) => void }) {
  const rings = outerRings(boundary)
  // H5: how far out the drawing is (1 = the grid; 2, 4, 8 = wider, to move the pin further)
  const [zoom, setZoom] = useState(1)
  if (process.env.TARO_ENV === 'weapp') {
    return (
      <View className='geo'>
        <Map
          className='geo-map'
          latitude={point.lat}
          longitude={point.lng}
          scale={16}
          markers={[{ id: 1, latitude: point.lat, longitude: point.lng, width: 30, height: 40, iconPath: '', title: label ?? '' } as never]}
          polygons={rings.map((r) => ({ points: r.map((p) => ({ latitude: p.lat, longitude: p.lng })), strokeWidth: 2, strokeColor: '#0a58caff', fillColor: '#0a58ca22' })) as never}
          onError={() => undefined}
          onTap={(e) => {
            const d = e.detail as unknown as { latitude?: number; longitude?: number }
            if (onMove && typeof d.latitude === 'number' && typeof d.longitude === 'number') onMove({ lat: d.latitude, lng: d.longitude })
          }}
        />
        <GeoCaption point={point} label={label} movable={Boolean(onMove)} />
      </View>
    )
  }
  // the view: the boundary and the point, padded, with east–west shrunk by cos(lat) so squares stay square
  const all = [...rings.flat(), point]
  let minLat = Math.min(...all.map((p) => p.lat))
  let maxLat = Math.max(...all.map((p) => p.lat))
  let minLng = Math.min(...all.map((p) => p.lng))
  let maxLng = Math.max(...all.map((p) => p.lng))
  const k = Math.cos((point.lat * Math.PI) / 180)
  const span = Math.max((maxLat - minLat) * 1.3, ((maxLng - minLng) * k * 1.3 * H) / W, 0.002) * zoom
  const cLat = (minLat + maxLat) / 2
  const cLng = (minLng + maxLng) / 2
  minLat = cLat - span / 2
  maxLat = cLat + span / 2
  const lngSpan = (span * W) / H / k
  minLng = cLng - lngSpan / 2
  maxLng = cLng + lngSpan / 2
  const x = (lng: number) => ((lng - minLng) / (maxLng - minLng)) * W
  const y = (lat: number) => ((maxLat - lat) / (maxLat - minLat)) * H
  const px = x(point.lng)
  const py = y(point.lat)
  const tap = (ev: { currentTarget: unknown; clientX: number; clientY: number }) => {
    if (!onMove) return
    const box = (ev.currentTarget as Element).getBoundingClientRect()
    const vx = ((ev.clientX - box.left) / box.width) * W
    const vy = ((ev.clientY - box.top) / box.height) * H
    onMove({ lat: maxLat - (vy / H) * (maxLat - minLat), lng: minLng + (vx / W) * (maxLng - minLng) })
  }
  return (
    <View className='geo'>
      <svg className={`geo-svg ${onMove ? 'geo-movable' : ''}`} viewBox={`0 0 ${W} ${H}`} role='img' aria-label={`${label ?? '位置'}：${coordsText(point)}`} onClick={tap as never}>
        <rect x='0' y='0' width={W} height={H} fill='#eef2f6' />
        {rings.map((r, i) => (
          <polygon
            key={i}
            className='geo-boundary'
            points={r.map((p) => `${x(p.lng).toFixed(1)},${y(p.lat).toFixed(1)}`).join(' ')}
            fill='rgba(10,88,202,0.10)'
            stroke='#0a58ca'
            strokeWidth='2'
            strokeDasharray='6 4'
          />
        ))}
        <g className='geo-pin' transform={`translate(${px.toFixed(1)},${py.toFixed(1)})`}>
          <path d='M0,0 C-4,-10 -11,-14 -11,-22 A11,11 0 1 1 11,-22 C11,-14 4,-10 0,0 Z' fill='#b3261e' stroke='#ffffff' strokeWidth='2' />
          <circle cx='0' cy='-22' r='4' fill='#ffffff' />
        </g>
        <text x='6' y={H - 8} fontSize='11' fill='#333'>
          北 ↑ · 虚线为网格边界
        </text>
      </svg>
      {onMove ? (
        <View className='geo-zoom'>
          <View className={`geo-zoom-btn ${zoom >= 8 ? 'geo-zoom-off' : ''}`} ariaRole='button' ariaLabel='看更大范围' onClick={() => setZoom(Math.min(8, zoom * 2))}>
            <Text>－ 看更大范围</Text>
          </View>
          <View className={`geo-zoom-btn ${zoom <= 1 ? 'geo-zoom-off' : ''}`} ariaRole='button' ariaLabel='看得更细' onClick={() => setZoom(Math.max(1, zoom / 2))}>
            <Text>＋ 看得更细</Text>
          </View>
        </View>
      ) : null}
      <GeoCaption point={point} label={label} movable={Boolean(onMove)} />
    </View>
  )
}

function GeoCaption({ point, label, movable }: { point: LatLng; label?: string; movable: boolean }) {
  return (
    <View className='geo-caption'>
      {label ? <Text className='geo-label'>{label}</Text> : null}
      {/* a movable pin sits in a form that states the coordinates itself */}
      {movable ? null : <Text className='lp-hint geo-coords'>{coordsText(point)}</Text>}
      {movable ? <Text className='lp-hint'>位置不准？点一下地图上问题所在的地方，标记就移过去。</Text> : null}
    </View>
  )
}
