import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import type { TServiceRequest } from '@contracts/timebank'
import { minutesLabel, timebankApi, whenLabel } from '@/api/timebank'
import { Btn, Message, Page, Section, StateView } from '@/components'
import { useAsync } from '@/hooks/use-async'
import { useAction } from '@/hooks/use-action'
import { loadMe } from '@/stores/session'
import './index.scss'

const RATINGS = [
  [5, '非常满意'],
  [4, '满意'],
  [3, '一般'],
] as const

function RequestCard({ r, onChanged }: { r: TServiceRequest; onChanged: (text: string) => void }) {
  const { busy, error, act } = useAction()
  const run = async (f: () => Promise<unknown>, done: string) => {
    await act(async () => {
      await f()
      onChanged(done)
    })
  }
  return (
    <View className='lp-card'>
      <Text className='tb-line'>{`${r.serviceTypeLabel} · ${r.elderName}`}</Text>
      <Text className='tb-sub'>{whenLabel(r.startsAt)}</Text>
      <Text className='tb-sub'>{r.statusLabel}</Text>
      {r.volunteersNeeded > 1 ? <Text className='tb-sub'>{`需要 ${r.volunteersNeeded} 位志愿者，已有 ${r.placesTaken} 位接单；每位的时长分别确认`}</Text> : null}
      {r.volunteerName ? <Text className='tb-sub'>{`志愿者：${r.volunteerName}`}</Text> : null}
      {r.checkInReview === 'pending' ? <Text className='tb-sub'>志愿者签到位置较远，社区核实后再确认时长</Text> : null}
      {r.requestedByName !== r.elderName ? <Text className='tb-sub'>{`由${r.requestedByName}代为申请`}</Text> : null}
      <Message kind='error' text={error ?? undefined} />
      {r.status === 'awaiting_confirmation' && r.minutes !== null ? (
        <View>
          <Text className='tb-line'>{`服务了 ${minutesLabel(r.minutes)}，请确认并评价`}</Text>
          {RATINGS.map(([n, label]) => (
            <Btn key={n} busy={busy} onClick={() => void run(() => timebankApi.confirm(r.id, n), `已确认 ${minutesLabel(r.minutes!)}，谢谢您的评价`)}>
              {`确认，${label}`}
            </Btn>
          ))}
          <Btn kind='secondary' busy={busy} onClick={() => void run(() => timebankApi.dispute(r.id, '服务时长或内容与实际不符'), '已告诉社区，工作人员会联系您')}>
            时长不对，请社区核实
          </Btn>
        </View>
      ) : null}
      {r.status === 'open' || r.status === 'accepted' ? (
        <Btn kind='plain' busy={busy} onClick={() => void run(() => timebankApi.cancel(r.id, '不需要了'), '已取消')}>
          不需要了，取消
        </Btn>
      ) : null}
    </View>
  )
}

/** 我的请求: requests for me, made by me or for the elders I am linked to; confirm and rate here. */
export default function MyRequestsPage() {
  // /me through the session store: the account's 长辈模式 applies even when this page is opened directly
  useAsync(() => loadMe(), [])
  const list = useAsync(() => timebankApi.mine('mine'), [])
  const [done, setDone] = useState<string | null>(null)
  return (
    <Page title='我的请求'>
      <Message kind='success' text={done ?? undefined} />
      <Section title='请求和确认'>
        <StateView loading={list.loading} error={list.error} empty={(list.data?.items.length ?? 0) === 0} emptyText='还没有请过志愿者帮忙' onRetry={list.reload}>
          {list.data?.items.map((r) => (
            <RequestCard
              key={r.id}
              r={r}
              onChanged={(text) => {
                setDone(text)
                list.reload()
              }}
            />
          ))}
        </StateView>
      </Section>
    </Page>
  )
}
