import { useState } from 'react'
import Taro, { useDidShow } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import type { TVote } from '@contracts/deliberation'
import { deliberationApi } from '@/api/deliberation'
import { Btn, CommunityPicker, Page, Section, StateView } from '@/components'
import { useAsync } from '@/hooks/use-async'
import { useWide } from '@/hooks/use-wide'
import { useMe } from '@/stores/session'
import { staffCommunityIdFor } from '@/stores/staff-community'
import { DELIBERATION_ROLES } from '../../staff/modules'
import { TopicCard, VoteCard } from '../cards'
import { VoteEditor } from './vote-editor'
import { VotePanel } from './vote-panel'
import { MeetingEditor } from './meeting-editor'
import '../deliberation.scss'

function Desk({ communityId }: { communityId: string | undefined }) {
  const wide = useWide()
  const triage = useAsync(() => deliberationApi.topics({ status: 'triage', orgUnitId: communityId }), [communityId])
  const votes = useAsync(() => deliberationApi.votes(communityId), [communityId])
  const [open, setOpen] = useState<TVote | null>(null)
  const [creating, setCreating] = useState(false)
  const [meetings, setMeetings] = useState(false)
  useDidShow(() => {
    triage.reload()
    votes.reload()
  })
  const current = open ? (votes.data?.items.find((v) => v.id === open.id) ?? open) : null
  return (
    <View className={wide ? 'dl-desk' : ''}>
      <View className='dl-col'>
        <Section title={`待答复议题（${triage.data?.items.length ?? 0}）`}>
          <StateView loading={triage.loading} error={triage.error} empty={(triage.data?.items.length ?? 0) === 0} emptyText='没有待答复的议题' onRetry={triage.reload}>
            {triage.data?.items.map((t) => (
              <TopicCard key={t.id} t={t} onOpen={() => void Taro.navigateTo({ url: `/packages/deliberation/topic/index?id=${t.id}` })} />
            ))}
          </StateView>
        </Section>
        <Section
          title='表决'
          extra={
            <Btn kind='plain' onClick={() => setCreating(!creating)}>
              {creating ? '收起' : '新建表决'}
            </Btn>
          }
        >
          {creating && communityId ? (
            <VoteEditor
              orgUnitId={communityId}
              onCreated={(v) => {
                setCreating(false)
                setOpen(v)
                votes.reload()
              }}
            />
          ) : null}
          <StateView loading={votes.loading} error={votes.error} empty={(votes.data?.items.length ?? 0) === 0} emptyText='还没有表决' onRetry={votes.reload}>
            {votes.data?.items.map((v) => (
              <VoteCard key={v.id} v={v} onOpen={() => setOpen(v)} />
            ))}
          </StateView>
        </Section>
        <Section
          title='议事会'
          extra={
            <Btn kind='plain' onClick={() => setMeetings(!meetings)}>
              {meetings ? '收起' : '安排与纪要'}
            </Btn>
          }
        >
          {meetings && communityId ? <MeetingEditor communityId={communityId} /> : null}
        </Section>
      </View>
      <View className='dl-col'>
        {current ? <VotePanel key={current.id} vote={current} onChanged={votes.reload} /> : wide ? <Text className='lp-hint'>选一个表决查看计票、录入纸质选票</Text> : null}
      </View>
    </View>
  )
}

/** 工作台 · 议事协商: triage queue, votes (editor, paper ballots, results, 公示). */
export default function DeliberationStaff() {
  const { me } = useMe()
  const wide = useWide()
  const own = me?.roles.find((r) => DELIBERATION_ROLES.includes(r.role))
  return (
    <Page title='议事协商' className={wide ? 'lp-desk' : ''}>
      <CommunityPicker roles={DELIBERATION_ROLES}>
        <Desk communityId={staffCommunityIdFor(me?.user.id) ?? own?.orgUnitId} />
      </CommunityPicker>
    </Page>
  )
}
