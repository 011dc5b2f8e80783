import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { messageOf } from '../../../api'
import { dashboardApi } from '../../../api/dashboard'
import { Btn, ListSection, Message, Page } from '../../../components'
import { useAsync } from '../../../hooks/use-async'
import { useAction } from '../../../hooks/use-action'
import { shanghaiDateTime } from '../../../utils/shanghai'
import { periodOf } from '../period'
import '../dashboard.scss'

/** 月度报表: generated on the 1st from the work already recorded; nobody types a figure. */
export default function MonthlyReportsPage() {
  const orgUnitId = Taro.getCurrentInstance().router?.params?.orgUnitId ?? ''
  const list = useAsync(() => dashboardApi.monthly(orgUnitId), [orgUnitId], Boolean(orgUnitId))
  const [error, setError] = useState<string | null>(null)
  const lastMonth = periodOf('lastMonth').from.slice(0, 7)
  const generate = useAction(list.reload)
  const items = list.data?.items ?? []
  return (
    <Page title='月度报表'>
      <Text className='lp-hint'>每月 1 日自动生成上个月的报表（Excel：汇总、随手拍、积分、时间银行、体检各一页；「打印版」可直接打印或存为 PDF），生成后片区负责人和街道管理员会收到通知。</Text>
      <Message kind='error' text={error ?? generate.error} />
      <ListSection title='已生成的月份' state={list} empty={items.length === 0} emptyText='还没有月度报表'>
        {items.map((m) => (
          <View key={m.month} className='lp-card'>
            <Text className='lp-label'>{m.month}</Text>
            <Text className='lp-hint'>
              收到随手拍 {m.figures.reports.received} 件，办结 {m.figures.reports.resolved} 件（按时 {m.figures.reports.resolvedOnTime} 件）
              {m.figures.timebank ? `，志愿服务 ${Math.round((m.figures.timebank.minutesServed / 60) * 10) / 10} 小时` : ''}
            </Text>
            <Text className='lp-hint'>生成于 {shanghaiDateTime(m.generatedAt)}</Text>
            <View className='db-tools'>
              <Btn kind='secondary' onClick={() => void dashboardApi.downloadMonthly(orgUnitId, m.month).catch((e) => setError(messageOf(e)))}>
                下载 Excel
              </Btn>
              <Btn kind='secondary' onClick={() => void Taro.navigateTo({ url: `/packages/dashboard/print/index?orgUnitId=${orgUnitId}&month=${m.month}` })}>
                打印版
              </Btn>
            </View>
          </View>
        ))}
      </ListSection>
      {list.data && !items.some((m) => m.month === lastMonth) && orgUnitId ? (
        <Btn busy={generate.busy} onClick={() => void generate.act(() => dashboardApi.generateMonthly(orgUnitId, lastMonth))}>
          现在生成 {lastMonth} 的报表
        </Btn>
      ) : null}
    </Page>
  )
}
