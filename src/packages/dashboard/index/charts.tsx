import { View, Image, Text } from '@tarojs/components'
import { dashboardApi, type Period } from '../../../api/dashboard'
import { Section, StateView } from '../../../components'
import { useAsync } from '../../../hooks/use-async'

/** Trend, categories and overdue holders, drawn by the server (ECharts SVG) and shown as images. */
export function Charts({ period }: { period: Period }) {
  const charts = useAsync(() => dashboardApi.charts(period), [period.orgUnitId, period.from, period.to])
  const c = charts.data
  return (
    <Section title='图表'>
      <StateView loading={charts.loading && !c} error={charts.error} empty={false} emptyText='' onRetry={charts.reload}>
        {c ? (
          <View className='db-charts'>
            <View className='db-chart db-chart-wide'>
              <Text className='lp-label'>每天收到和办结</Text>
              <Image className='db-img-wide' src={c.trend} mode='widthFix' ariaLabel='每天收到和办结的随手拍趋势图' />
            </View>
            <View className='db-chart'>
              <Text className='lp-label'>问题类别</Text>
              <Image className='db-img' src={c.categories} mode='widthFix' ariaLabel='随手拍类别条形图' />
            </View>
            <View className='db-chart'>
              <Text className='lp-label'>超期在谁手里</Text>
              <Image className='db-img' src={c.overdue} mode='widthFix' ariaLabel='超期随手拍按网格和部门的条形图' />
            </View>
          </View>
        ) : null}
      </StateView>
    </Section>
  )
}
