import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import { pointsApi } from '@/api/points'
import { Btn, Page, Section, StateView } from '@/components'
import { useAsync } from '@/hooks/use-async'
import './index.scss'

function shift(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number)
  const d = new Date(Date.UTC(y, m - 1 + by, 1))
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`
}

/** 排行与月度公示: who earned what this month in the community; names are masked. */
export default function RankingPage() {
  const [month, setMonth] = useState<string | undefined>(undefined)
  const board = useAsync(() => pointsApi.leaderboard(month), [month])
  const shown = board.data?.month ?? month ?? ''
  const items = board.data?.items ?? []
  return (
    <Page title='排行与公示'>
      <View className='pts-month'>
        <Btn kind='secondary' disabled={!shown} onClick={() => setMonth(shift(shown, -1))}>
          上个月
        </Btn>
        <Text className='lp-body'>{shown ? `${shown.slice(0, 4)} 年 ${Number(shown.slice(5))} 月` : ''}</Text>
        <Btn kind='secondary' disabled={!shown} onClick={() => setMonth(shift(shown, 1))}>
          下个月
        </Btn>
      </View>
      <Section title={`${board.data?.communityName ?? ''}积分公示`}>
        <StateView loading={board.loading} error={board.error} empty={items.length === 0} emptyText='这个月还没有人获得积分' onRetry={board.reload}>
          {items.map((r, i) => (
            <View key={i} className='lp-card pts-row'>
              <Text className='lp-body'>
                第 {r.rank} 名{'\u3000'}
                {r.name}
              </Text>
              <Text className='pts-amount pts-plus'>+{r.points}</Text>
            </View>
          ))}
        </StateView>
      </Section>
      <Text className='lp-hint'>公示名单隐去姓名中间的字，只显示本社区居民当月获得的积分。</Text>
    </Page>
  )
}
