import { useState } from 'react'
import { Text } from '@tarojs/components'
import { timebankApi } from '@/api/timebank'
import { Message, Page, Section, StateView } from '@/components'
import { useAsync } from '@/hooks/use-async'
import { Apply } from './apply'
import { Task } from './task'
import { here } from './time-place'
import './index.scss'

/** 志愿接单: open requests of my community and my own schedule with check-in/out. */
export default function TasksPage() {
  const [near, setNear] = useState<{ lat: number; lng: number } | null>(null)
  const [locating, setLocating] = useState(false)
  const open = useAsync(() => timebankApi.open(near ?? undefined), [near?.lat, near?.lng])
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
      {(open.error as { status?: number } | null)?.status === 403 ? <Apply /> : null}
      <Section
        title={near ? '附近等待帮助的老人（5 公里内，近的在前）' : '等待帮助的老人'}
        extra={
          <Text
            className='lp-hint tb-near-toggle'
            onClick={() =>
              void (async () => {
                if (near) return setNear(null)
                setLocating(true)
                try {
                  setNear(await here())
                } catch {
                  setDone(null)
                } finally {
                  setLocating(false)
                }
              })()
            }
          >
            {near ? '按时间排序' : locating ? '正在定位…' : '离我近的优先'}
          </Text>
        }
      >
        <StateView loading={open.loading} error={open.error} empty={(open.data?.items.length ?? 0) === 0} emptyText='现在没有等待接单的请求' onRetry={open.reload}>
          {open.data?.items.map((r) => (
            <Task key={r.id} r={r} mine={false} onChanged={changed} />
          ))}
        </StateView>
      </Section>
    </Page>
  )
}
