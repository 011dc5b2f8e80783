import { View, Text } from '@tarojs/components'
import type { TDashboard } from '../../../../types/dashboard'
import { Section } from '../../../components'
import Taro from '@tarojs/taro'
import { mapLink } from '../../../utils/geo'

function showPlace(lat: number, lng: number, name: string) {
  if (process.env.TARO_ENV === 'weapp') void Taro.openLocation({ latitude: lat, longitude: lng, name, scale: 17 })
  else if (typeof window !== 'undefined') window.open(mapLink({ lat, lng }, name), '_blank', 'noopener')
}

/** 问题反复出现的地方 and, under a street or 片区, each community's key figures. */
export function Places({ d, onUnit }: { d: TDashboard; onUnit: (orgUnitId: string) => void }) {
  return (
    <View>
      <Section title='问题反复出现的地方（近 30 天，同类 100 米内 3 次以上）'>
        {d.hotspots.length === 0 ? <Text className='lp-hint'>没有反复出现的问题</Text> : null}
        <View className='db-table'>
          {d.hotspots.map((h) => (
            <View key={h.reportIds[0]} className='db-tr'>
              <Text className='db-td lp-body'>{h.name}</Text>
              <Text className='db-td lp-body'>{h.count} 次</Text>
              <Text className='db-td lp-link' onClick={() => showPlace(h.lat, h.lng, `${h.name} ${h.count} 次`)}>
                在地图上看 ›
              </Text>
            </View>
          ))}
        </View>
      </Section>
      {d.byCommunity.length > 0 ? (
        <Section title='各社区'>
          <View className='db-table'>
            <View className='db-tr db-th'>
              <Text className='db-td'>社区</Text>
              <Text className='db-td'>收到</Text>
              <Text className='db-td'>办结</Text>
              <Text className='db-td'>按时率</Text>
              <Text className='db-td'>当前超期</Text>
            </View>
            {d.byCommunity.map((c) => (
              <View key={c.orgUnitId} className='db-tr' ariaRole='button' onClick={() => onUnit(c.orgUnitId)}>
                <Text className='db-td lp-link'>{c.name}</Text>
                <Text className='db-td'>{c.received}</Text>
                <Text className='db-td'>{c.resolved}</Text>
                <Text className='db-td'>{c.resolved ? `${Math.round((c.resolvedOnTime / c.resolved) * 100)}%` : '—'}</Text>
                <Text className={`db-td ${c.overdueNow ? 'db-bad' : ''}`}>{c.overdueNow}</Text>
              </View>
            ))}
          </View>
        </Section>
      ) : null}
    </View>
  )
}
