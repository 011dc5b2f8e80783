import { useState } from 'react'
import Taro, { useDidShow } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import type { TPointsHistoryItem } from '@contracts/points'
import { pointsApi } from '@/api/points'
import { Btn, Page, Section, StateView } from '@/components'
import { useAction } from '@/hooks/use-action'
import { useAsync } from '@/hooks/use-async'
import { useMe } from '@/stores/session'
import { dayOf } from '../format'
import './index.scss'

const KIND_LABELS: Record<TPointsHistoryItem['kind'], string> = {
  earn: '获得',
  hold: '兑换冻结',
  redeem: '兑换领取',
  release: '退回',
  reverse: '更正',
  expire: '到期',
  adjust: '调整',
}

const when = dayOf

function History() {
  const [more, setMore] = useState<TPointsHistoryItem[]>([])
  const [cursor, setCursor] = useState<string | null>(null)
  const { error: moreError, act } = useAction()
  const first = useAsync(async () => {
    const page = await pointsApi.history()
    setMore([])
    setCursor(page.nextCursor)
    return page.items
  }, [])
  const items = [...(first.data ?? []), ...more]
  const loadMore = async () => {
    if (!cursor) return
    await act(async () => {
      const page = await pointsApi.history(cursor)
      setMore((m) => [...m, ...page.items])
      setCursor(page.nextCursor)
    })
  }
  return (
    <Section title='积分明细'>
      <StateView loading={first.loading} error={first.error} empty={items.length === 0} emptyText='还没有积分记录。参加社区活动、随手拍上报问题都可以获得积分。' onRetry={first.reload}>
        {items.map((i) => (
          <View key={i.id} className='lp-card pts-row'>
            <View className='pts-row-main'>
              <Text className='lp-body lp-block'>{i.memo}</Text>
              <Text className='lp-hint'>
                {when(i.createdAt)} · {KIND_LABELS[i.kind]}
                {i.bucket === 'held' ? '（冻结中的积分）' : ''}
              </Text>
              {i.reason ? <Text className='lp-hint'>原因：{i.reason}</Text> : null}
            </View>
            <Text className={`pts-amount ${i.points > 0 ? 'pts-plus' : 'pts-minus'}`}>{i.points > 0 ? `+${i.points}` : i.points}</Text>
          </View>
        ))}
        {cursor ? (
          <Btn kind='secondary' onClick={() => void loadMore()}>
            查看更早的记录
          </Btn>
        ) : null}
        {moreError ? <Text className='lp-hint'>{moreError}</Text> : null}
      </StateView>
    </Section>
  )
}

export default function PointsPage() {
  const { me, signedIn } = useMe()
  const balance = useAsync(() => pointsApi.myPoints(), [signedIn], signedIn)
  useDidShow(() => {
    if (signedIn) balance.reload()
  })
  const go = (url: string) => void Taro.navigateTo({ url })
  if (!signedIn) {
    return (
      <Page title='我的积分'>
        <Text className='lp-body lp-block'>登录后可以查看积分、兑换礼品。</Text>
        <Btn onClick={() => go('/pages/login/index')}>去登录</Btn>
      </Page>
    )
  }
  const b = balance.data
  return (
    <Page title='我的积分'>
      <View className='lp-card pts-balance'>
        <StateView loading={balance.loading} error={balance.error} empty={!b} emptyText='暂无积分信息' onRetry={balance.reload}>
          {b ? (
            <>
              <Text className='lp-hint'>可用积分</Text>
              <Text className='pts-big'>{b.available}</Text>
              {b.held > 0 ? <Text className='lp-body lp-block'>兑换中（待领取）：{b.held} 分</Text> : null}
              {b.expiringSoon > 0 ? (
                <Text className='lp-body lp-block pts-warn'>
                  有 {b.expiringSoon} 分将于 {b.expiringOn} 到期，请及时兑换
                </Text>
              ) : null}
              <Text className='lp-hint'>今年已获得 {b.earnedThisYear} 分 · 积分有效期到次年 12 月 31 日</Text>
            </>
          ) : null}
        </StateView>
      </View>
      <Btn onClick={() => go('/packages/points/shop/index')}>积分商城</Btn>
      <View className='lp-row'>
        <Btn kind='secondary' onClick={() => go('/packages/points/rules/index')}>
          怎样获得积分
        </Btn>
        <Btn kind='secondary' onClick={() => go('/packages/points/ranking/index')}>
          排行与公示
        </Btn>
      </View>
      {me?.user.isStaff ? (
        <Btn kind='secondary' onClick={() => go('/packages/points/staff/index')}>
          工作人员：积分管理与核销
        </Btn>
      ) : null}
      <History />
    </Page>
  )
}
