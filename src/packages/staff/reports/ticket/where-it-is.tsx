import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import type { TReportDetail } from '@contracts/reports'
import { Btn, GeoMap, Section } from '@/components'
import { currentPosition, distanceMeters, distanceText, mapLink } from '@/utils/geo'

/** Where the problem is: map with the grid boundary, 导航, distance from me. */
export function WhereItIs({ r }: { r: TReportDetail }) {
  const [dist, setDist] = useState<string | null>(null)
  const [locating, setLocating] = useState(false)
  const point = { lat: r.lat, lng: r.lng }
  const place = r.address || `${r.categoryName}（${r.number}）`
  const navigate = () => {
    if (process.env.TARO_ENV === 'weapp') {
      void Taro.openLocation({ latitude: r.lat, longitude: r.lng, name: place, address: r.gridName, scale: 17 })
    } else if (typeof window !== 'undefined') {
      window.open(mapLink(point, place), '_blank', 'noopener')
    }
  }
  const measure = async () => {
    setLocating(true)
    try {
      const me = await currentPosition()
      setDist(`距您${distanceText(distanceMeters(me, point))}（直线）`)
    } catch {
      setDist('没有拿到您的位置，算不出距离。可以直接点「导航」。')
    } finally {
      setLocating(false)
    }
  }
  return (
    <Section title='在哪里'>
      <View className='lp-card sr-where'>
        {r.address ? <Text className='rp-line'>地址：{r.address}</Text> : <Text className='lp-hint'>上报人没有写地址，以地图上的位置为准。</Text>}
        <GeoMap point={point} boundary={r.gridBoundary} label={r.gridName.startsWith(r.communityName) ? r.gridName : `${r.communityName} · ${r.gridName}`} />
        <View className='lp-row'>
          {process.env.TARO_ENV === 'weapp' ? (
            <Btn className='sr-nav' onClick={navigate}>
              导航
            </Btn>
          ) : (
            <a className='lp-btn lp-btn-primary sr-nav' href={mapLink(point, place)} target='_blank' rel='noopener noreferrer'>
              导航
            </a>
          )}
          <Btn kind='secondary' className='sr-distance' busy={locating} onClick={() => void measure()}>
            {locating ? '正在定位…' : '离我多远'}
          </Btn>
        </View>
        {dist ? <Text className='rp-line sr-dist'>{dist}</Text> : null}
      </View>
    </Section>
  )
}
