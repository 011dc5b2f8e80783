import { Image, Map, View, Text } from '@tarojs/components'
import { boundariesSvg, COLOURS, polygons, type Shape } from './svg'

export type { Shape }

/**
 * 边界预览: on H5 an SVG drawing (no map tiles offline); in the mini-program the map component with
 * the polygons (coordinates are GCJ-02, which is what it draws in).
 */
export function BoundaryPreview({ shapes }: { shapes: Shape[] }) {
  if (shapes.length === 0) return <Text className='lp-hint'>还没有可以画出来的边界</Text>
  if (process.env.TARO_ENV === 'weapp') {
    const points = shapes.flatMap((s) => polygons(s.geometry).flatMap((p) => p[0]))
    const lat = points.reduce((a, p) => a + p[1], 0) / points.length
    const lng = points.reduce((a, p) => a + p[0], 0) / points.length
    const polygonsProp = shapes.flatMap((s, i) =>
      polygons(s.geometry).map((p) => ({
        points: p[0].map(([x, y]) => ({ latitude: y, longitude: x })),
        strokeWidth: 2,
        strokeColor: s.problem ? '#c5221f' : s.kind === 'community' ? '#5f6368' : COLOURS[i % COLOURS.length],
        fillColor: s.kind === 'community' ? '#00000000' : '#1a73e833',
      })),
    )
    return <Map className='bd-map' latitude={lat} longitude={lng} scale={15} polygons={polygonsProp as never} onError={() => undefined} />
  }
  const svg = boundariesSvg(shapes)
  return (
    <View className='bd-preview'>
      <Image className='bd-svg' mode='widthFix' src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`} ariaLabel='边界预览图' />
    </View>
  )
}
