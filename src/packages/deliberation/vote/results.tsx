import { View, Text } from '@tarojs/components'
import type { TVoteResults } from '@contracts/deliberation'

/** 公示: turnout (online and paper), each option's votes, and the pass rule applied. */
export function VoteResults({ r }: { r: TVoteResults }) {
  const top = Math.max(1, ...r.options.map((o) => o.votes))
  return (
    <View className='lp-card dl-results'>
      <Text className='lp-label'>{r.status === 'published' ? '表决结果（已公示）' : '当前计票（仅工作人员可见）'}</Text>
      <Text className='dl-text'>{`应投 ${r.eligible}，实投 ${r.ballots}（网上 ${r.online}，纸质 ${r.paper}），参与率 ${r.turnout}%`}</Text>
      {r.eligibleArea !== null ? <Text className='lp-hint'>{`面积：应投 ${r.eligibleArea} ㎡，参与 ${r.ballotArea} ㎡`}</Text> : null}
      {r.options.map((o) => (
        <View key={o.label} className='dl-result-row'>
          <Text className='dl-text'>{`${o.label}${o.cost !== null ? `（${o.cost} 元）` : ''}：${o.votes} 票${o.area !== null ? `，${o.area} ㎡` : ''}`}</Text>
          <View className='dl-bar'>
            <View className='dl-bar-fill' style={{ width: `${Math.round((o.votes / top) * 100)}%` }} />
          </View>
        </View>
      ))}
      <Text className='dl-card-title'>{r.outcome.text}</Text>
      {r.outcome.checks.map((c) => (
        <Text key={c.label} className='lp-hint'>{`${c.ok ? '✓' : '✗'} ${c.label}：${c.value}`}</Text>
      ))}
    </View>
  )
}
