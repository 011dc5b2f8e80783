import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import type { TServiceRequest } from '../../../../types/timebank'
import { messageOf } from '../../../api'
import { minutesLabel, newTimebankKey, timebankApi, whenLabel } from '../../../api/timebank'
import { Btn, Message, Page, Section, StateView } from '../../../components'
import { useAsync } from '../../../hooks/use-async'
import './index.scss'

async function here(): Promise<{ lat: number; lng: number }> {
  const r = await Taro.getLocation({ type: 'wgs84' })
  return { lat: r.latitude, lng: r.longitude }
}

function Task({ r, mine, onChanged }: { r: TServiceRequest; mine: boolean; onChanged: (text: string) => void }) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [key] = useState(newTimebankKey)
  const run = async (f: () => Promise<TServiceRequest>, done: (x: TServiceRequest) => string) => {
    setBusy(true)
    setError(null)
    try {
      onChanged(done(await f()))
    } catch (e) {
      setError(messageOf(e))
    } finally {
      setBusy(false)
    }
  }
  return (
    <View className='lp-card'>
      <Text className='tb-line'>{`${r.serviceTypeLabel} · ${r.elderName}`}</Text>
      <Text className='tb-sub'>{whenLabel(r.startsAt)}</Text>
      <Text className='tb-sub'>{r.address}</Text>
      {r.notes ? <Text className='tb-sub'>{`备注：${r.notes}`}</Text> : null}
      {mine ? <Text className='tb-sub'>{r.statusLabel}</Text> : null}
      <Message kind='error' text={error ?? undefined} />
      {!mine && r.status === 'open' ? (
        <Btn busy={busy} onClick={() => void run(() => timebankApi.accept(r.id), () => '接单成功，请按时上门')}>
          我来帮忙
        </Btn>
      ) : null}
      {mine && r.status === 'accepted' ? (
        <Btn busy={busy} onClick={() => void run(async () => timebankApi.checkIn(r.id, await here()), () => '已签到，开始服务')}>
          到达签到
        </Btn>
      ) : null}
      {mine && r.status === 'in_service' ? (
        <Btn busy={busy} onClick={() => void run(async () => timebankApi.checkOut(r.id, await here(), `${key}-out`), (x) => `已签退，服务 ${minutesLabel(x.minutes ?? 0)}，等待老人确认`)}>
          服务结束签退
        </Btn>
      ) : null}
    </View>
  )
}

/** 志愿接单: open requests of my community and my own schedule with check-in/out. */
export default function TasksPage() {
  const open = useAsync(() => timebankApi.open(), [])
  const mine = useAsync(() => timebankApi.mine('serving'), [])
  const [done, setDone] = useState<string | null>(null)
  const changed = (text: string) => {
    setDone(text)
    open.reload()
    mine.reload()
  }
  const active = (mine.data?.items ?? []).filter((r) => ['accepted', 'in_service', 'awaiting_confirmation'].includes(r.status))
  return (
    <Page title='志愿接单'>
      <Message kind='success' text={done ?? undefined} />
      <Section title='我的服务'>
        <StateView loading={mine.loading} error={mine.error} empty={active.length === 0} emptyText='还没有接单' onRetry={mine.reload}>
          {active.map((r) => (
            <Task key={r.id} r={r} mine onChanged={changed} />
          ))}
        </StateView>
      </Section>
      <Section title='等待帮助的老人'>
        <StateView loading={open.loading} error={open.error} empty={(open.data?.items.length ?? 0) === 0} emptyText='现在没有等待接单的请求' onRetry={open.reload}>
          {open.data?.items.map((r) => (
            <Task key={r.id} r={r} mine={false} onChanged={changed} />
          ))}
        </StateView>
      </Section>
    </Page>
  )
}
