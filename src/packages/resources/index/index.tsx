import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { RESOURCE_AUDIENCE_LABELS, RESOURCE_KIND_LABELS, RESOURCE_KINDS, type TResourceKind } from '@contracts/resources'
import { resourcesApi } from '@/api/resources'
import { Btn, DateTimeField, Page, StateView } from '@/components'
import { useAsync } from '@/hooks/use-async'
import { distanceText, rangeText, tomorrow } from '../format'
import '../resources.scss'

/**
 * 场地预约: rooms, halls, courts and things to borrow across the street, nearest first, with what
 * is already taken on the chosen day. Another community's own-residents-only rooms are not listed.
 */
export default function ResourcesPage() {
  const [kind, setKind] = useState<TResourceKind | undefined>(undefined)
  const [date, setDate] = useState(tomorrow())
  const list = useAsync(() => resourcesApi.search({ kind, date }), [kind, date])
  const items = list.data?.items ?? []
  return (
    <Page title='场地预约'>
      <Text className='lp-hint lp-block'>全街道的活动室、礼堂、球场和可以借用的物品，离您近的排在前面。</Text>
      <View className='rs-row'>
        <Btn kind='secondary' onClick={() => void Taro.navigateTo({ url: '/packages/resources/mine/index' })}>
          我的预约
        </Btn>
        <Btn kind='secondary' onClick={() => void Taro.navigateTo({ url: '/packages/resources/org/index' })}>
          社会组织
        </Btn>
      </View>
      <View>
        <View className={`lp-choice ${kind === undefined ? 'is-on' : ''}`} onClick={() => setKind(undefined)}>
          全部
        </View>
        {RESOURCE_KINDS.map((k) => (
          <View key={k} className={`lp-choice ${kind === k ? 'is-on' : ''}`} onClick={() => setKind(k)}>
            {RESOURCE_KIND_LABELS[k]}
          </View>
        ))}
      </View>
      <View className='lp-field'>
        <Text className='lp-label'>日期</Text>
        <DateTimeField mode='date' value={date} onChange={setDate} label='日期' />
      </View>
      <StateView loading={list.loading} error={list.error} empty={items.length === 0} emptyText='这一类还没有可以预约的场地' onRetry={list.reload}>
        {items.map((r) => (
          <View key={r.id} className='lp-card rs-item' ariaRole='button' onClick={() => void Taro.navigateTo({ url: `/packages/resources/detail/index?id=${r.id}&date=${date}` })}>
            <Text className='lp-label'>{r.name}</Text>
            <Text className='lp-hint rs-meta'>
              {[r.communityName, RESOURCE_KIND_LABELS[r.kind], distanceText(r.distanceM), r.exclusive ? `可容纳 ${r.capacity} 人` : `共 ${r.capacity} 件`].filter(Boolean).join(' · ')}
            </Text>
            <Text className='lp-hint rs-meta'>
              开放 {r.openFrom}–{r.openUntil} · {RESOURCE_AUDIENCE_LABELS[r.audience]} · {r.needsApproval ? '需社区审核' : '免审核'}
            </Text>
            {r.taken.length > 0 ? (
              <Text className='rs-taken'>已被约：{r.taken.map((t) => rangeText(t.startsAt, t.endsAt).slice(6)).join('，')}</Text>
            ) : (
              <Text className='lp-hint rs-meta'>当天空闲</Text>
            )}
          </View>
        ))}
      </StateView>
    </Page>
  )
}
