import Taro, { useDidShow } from '@tarojs/taro'
import { deliberationApi } from '@/api/deliberation'
import { Btn, Page, Section, StateView } from '@/components'
import { useAsync } from '@/hooks/use-async'
import { TopicCard, VoteCard } from '../cards'
import '../deliberation.scss'

/** 议事: votes of my community (open first) and topics near me; propose one. */
export default function DeliberationHome() {
  const votes = useAsync(() => deliberationApi.votes(), [])
  const topics = useAsync(() => deliberationApi.topics(), [])
  useDidShow(() => {
    votes.reload()
    topics.reload()
  })
  const vs = [...(votes.data?.items ?? [])].sort((a, b) => Number(b.status === 'open') - Number(a.status === 'open'))
  return (
    <Page title='议事协商'>
      <Btn onClick={() => void Taro.navigateTo({ url: '/packages/deliberation/propose/index' })}>我要提议题</Btn>
      <Section title='社区表决'>
        <StateView loading={votes.loading} error={votes.error} empty={vs.length === 0} emptyText='现在没有表决' onRetry={votes.reload}>
          {vs.map((v) => (
            <VoteCard key={v.id} v={v} onOpen={() => void Taro.navigateTo({ url: `/packages/deliberation/vote/index?id=${v.id}` })} />
          ))}
        </StateView>
      </Section>
      <Section title='身边的议题'>
        <StateView loading={topics.loading} error={topics.error} empty={(topics.data?.items.length ?? 0) === 0} emptyText='还没有议题，来提第一个吧' onRetry={topics.reload}>
          {topics.data?.items.map((t) => (
            <TopicCard key={t.id} t={t} onOpen={() => void Taro.navigateTo({ url: `/packages/deliberation/topic/index?id=${t.id}` })} />
          ))}
        </StateView>
      </Section>
    </Page>
  )
}
