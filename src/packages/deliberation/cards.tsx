import { View, Text } from '@tarojs/components'
import type { TTopic, TVote } from '@contracts/deliberation'

export function TopicCard({ t, onOpen }: { t: TTopic; onOpen: () => void }) {
  const share = Math.min(100, Math.round((t.supports / Math.max(1, t.threshold)) * 100))
  return (
    <View className='lp-card dl-card' ariaRole='button' onClick={onOpen}>
      <Text className='dl-card-title'>{t.title}</Text>
      <Text className='dl-status'>{t.statusLabel}</Text>
      <Text className='lp-hint'>{`${t.categoryLabel} · ${t.scopeName} · ${t.authorName} 提议`}</Text>
      {t.status === 'collecting' ? (
        <>
          <View className='dl-bar'>
            <View className='dl-bar-fill' style={{ width: `${share}%` }} />
          </View>
          <Text className='lp-hint'>{`${t.supports} 人支持，满 ${t.threshold} 人转社区答复`}</Text>
        </>
      ) : (
        <Text className='lp-hint'>{`${t.supports} 人支持`}</Text>
      )}
    </View>
  )
}

export function VoteCard({ v, onOpen }: { v: TVote; onOpen: () => void }) {
  const mine = v.me?.voted ? '已投票' : v.status === 'open' && v.me?.eligible ? '去投票 ›' : ''
  return (
    <View className='lp-card dl-card' ariaRole='button' onClick={onOpen}>
      <Text className='dl-card-title'>{v.title}</Text>
      <Text className='dl-status'>{v.statusLabel}</Text>
      {mine ? <Text className='dl-status'>{mine}</Text> : null}
      <Text className='lp-hint'>{`${v.orgUnitName} · ${v.electorateLabel} · 截止 ${v.closesAt.slice(0, 10)}`}</Text>
    </View>
  )
}
