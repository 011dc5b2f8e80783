import { useState } from 'react'
import { View, Text, Picker } from '@tarojs/components'
import { downloadLedgerXlsx, pointsApi } from '@/api/points'
import { Btn, Message, Page, Section, StateView, CommunityPicker } from '@/components'
import { POINTS_STAFF_ROLES } from '@/packages/staff/modules'
import { useAsync } from '@/hooks/use-async'
import { useAction } from '@/hooks/use-action'
import { errorText, recentMonths } from '../form'
import './index.scss'

const signed = (n: number) => (n > 0 ? `+${n}` : String(n))

/** 积分台账: what moved in the community's points in a month, by kind, with an xlsx download for the office. */
function PointsLedgerPageBody() {
  const months = recentMonths()
  const [month, setMonth] = useState(months[0])
  const report = useAsync(() => pointsApi.ledger(month), [month])
  const r = report.data
  const { busy, msg, act } = useAction(undefined, errorText)
  const download = async () => {
    await act(async () => {
      await downloadLedgerXlsx(month, `${r?.communityName ?? '社区'}-积分台账-${month}.xlsx`)
      return '台账已下载'
    })
  }
  return (
    <>
      <Picker mode='selector' range={months} value={months.indexOf(month)} onChange={(e) => setMonth(months[Number(e.detail.value)])}>
        <View className='pts-input pts-month'>
          <Text className='lp-body'>{month.replace('-', ' 年 ')} 月</Text>
          <Text className='lp-hint'>换月份</Text>
        </View>
      </Picker>
      <Section title={r ? `${r.communityName} · ${month}` : month}>
        <StateView loading={report.loading} error={report.error} empty={!r} emptyText='没有数据' onRetry={report.reload}>
          {r ? (
            <View>
              <View className='pts-table-row'>
                <Text className='lp-label'>类型</Text>
                <Text className='lp-label'>笔数 · 积分 · 居民净变化</Text>
              </View>
              {r.byKind.map((k) => (
                <View key={k.kind} className='pts-table-row'>
                  <Text className='lp-body'>{k.label}</Text>
                  <Text className='lp-body'>
                    {k.journals} 笔 · {k.points} 分 · {signed(k.residentNet)}
                  </Text>
                </View>
              ))}
              <View className='pts-table-row'>
                <Text className='lp-label'>合计</Text>
                <Text className='lp-label'>
                  {r.journals} 笔 · 居民积分 {signed(r.residentNet)}
                </Text>
              </View>
              <Text className='lp-hint lp-block'>
                居民当前可用 {r.outstandingAvailable} 分，兑换冻结中 {r.outstandingHeld} 分
              </Text>
              {r.journals === 0 ? <Text className='lp-hint lp-block'>这个月没有积分变动</Text> : null}
            </View>
          ) : null}
        </StateView>
      </Section>
      <Btn busy={busy} onClick={() => void download()}>
        {busy ? '正在生成…' : '下载本月台账（Excel）'}
      </Btn>
      <Message kind={msg?.kind} text={msg?.text} />
    </>
  )
}

/** Staff covering several communities pick one first (the points are a community's). */
export default function PointsLedgerPage() {
  return (
    <Page title='积分台账'>
      <CommunityPicker roles={POINTS_STAFF_ROLES}>
        <PointsLedgerPageBody />
      </CommunityPicker>
    </Page>
  )
}
