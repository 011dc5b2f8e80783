import { View, Image, Text } from '@tarojs/components'
import { dashboardApi, type Period } from '../../../api/dashboard'
import { Section, StateView } from '../../../components'
import { useAsync } from '../../../hooks/use-async'

/** Where the open and overdue reports are now, with the hotspots (drawn by the server as SVG). */
export function MapView({ period }: { period: Period }) {
  const map = useAsync(() => dashboardApi.map(period), [period.orgUnitId, period.from, period.to])
  const m = map.data
  return (
    <Section title='地图：办理中、超期的随手拍和反复出现的地方'>
      <StateView loading={map.loading && !m} error={map.error} empty={false} emptyText='' onRetry={map.reload}>
        {m ? (
          <View className='db-map'>
            <Image className='db-map-img' src={m.svg} mode='widthFix' ariaLabel={`地图：办理中 ${m.total} 件，其中超期 ${m.overdue} 件，反复出现的地方 ${m.hotspots.length} 处`} />
            <Text className='lp-hint'>
              {`办理中 ${m.total} 件（红点为超期 ${m.overdue} 件），橙圈为近 30 天同类问题 100 米内出现 3 次以上的地方。`}
              {m.capped ? `件数多，只画出超期和最新的 ${m.points.length} 件。` : ''}
            </Text>
          </View>
        ) : null}
      </StateView>
    </Section>
  )
}
