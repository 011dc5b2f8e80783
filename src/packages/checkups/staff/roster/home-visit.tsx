import { useState } from 'react'
import { View, Text, Picker } from '@tarojs/components'
import type { THomeVisit, THomeVisitor } from '@contracts/checkups'
import { checkupsStaffApi } from '@/api/checkups'
import { Btn, Message } from '@/components'
import { useAction, type ActionMsg } from '@/hooks/use-action'
import { useMe } from '@/stores/session'
import { timeLabel, whenLabel } from '@/packages/checkups/time'
import { addDays, shanghaiDate } from '../shared'

const VISITOR_ROLE_LABELS: Record<THomeVisitor['role'], string> = { health_staff: '卫生服务中心', community_staff: '社区' }

/** 上门体检: a bed-bound elder's request gets a visitor (this staff member unless another is chosen) and a time; a clash with another visit is refused. */
export function HomeVisit({ v, visitors, onDone }: { v: THomeVisit; visitors: THomeVisitor[]; onDone: (m: ActionMsg) => void }) {
  const { me } = useMe()
  const [date, setDate] = useState(addDays(shanghaiDate(), 1))
  const [time, setTime] = useState('14:00')
  const [minutes, setMinutes] = useState(60)
  const [chosen, setChosen] = useState<string | null>(null)
  const { busy, error, act } = useAction()
  // default: whoever is already sent, else the logged-in staff member if they can visit, else the first who can
  const fallback = visitors.find((p) => p.id === v.staffId) ?? visitors.find((p) => p.id === me?.user.id) ?? visitors[0]
  const visitor = visitors.find((p) => p.id === chosen) ?? fallback
  const nameOf = (id: string | null) => (id === me?.user.id ? '我' : visitors.find((p) => p.id === id)?.name)
  const schedule = async () => {
    if (!visitor) return
    await act(async () => {
      const start = new Date(`${date}T${time}:00+08:00`)
      await checkupsStaffApi.scheduleHomeVisit(v.id, visitor.id, start.toISOString(), new Date(start.getTime() + minutes * 60_000).toISOString())
      onDone({ kind: 'success', text: `已安排 ${visitor.name} ${date} ${time} 上门为 ${v.elderName} 体检` })
    })
  }
  return (
    <View className='lp-card'>
      <Text className='cks-line'>
        {v.elderName}
        <Text className='cks-status'>{v.status === 'scheduled' ? '已安排' : '待安排'}</Text>
      </Text>
      {v.note ? <Text className='cks-sub'>{v.note}</Text> : null}
      {v.startsAt && v.endsAt ? (
        <Text className='cks-sub'>
          {whenLabel(v.startsAt)}–{timeLabel(v.endsAt)}
          {nameOf(v.staffId) ? `（${nameOf(v.staffId)}去）` : ''}
        </Text>
      ) : null}
      <Text className='cks-sub'>谁上门</Text>
      <View className='cks-row'>
        {visitors.map((p) => (
          <View key={p.id} className={`lp-choice ${visitor?.id === p.id ? 'is-on' : ''}`} ariaRole='button' onClick={() => setChosen(p.id)}>
            {p.name}（{VISITOR_ROLE_LABELS[p.role]}）
          </View>
        ))}
        {visitors.length === 0 ? <Text className='cks-sub'>本社区还没有可以上门的卫生或社区工作人员</Text> : null}
      </View>
      <View className='cks-row'>
        <Picker mode='date' value={date} onChange={(e) => setDate(String(e.detail.value))}>
          <View className='lp-picker'>{date}</View>
        </Picker>
        <Picker mode='time' value={time} onChange={(e) => setTime(String(e.detail.value))}>
          <View className='lp-picker'>{time}</View>
        </Picker>
        {[60, 90].map((m) => (
          <View key={m} className={`lp-choice ${minutes === m ? 'is-on' : ''}`} ariaRole='button' onClick={() => setMinutes(m)}>
            {m} 分钟
          </View>
        ))}
      </View>
      <Message kind='error' text={error} />
      <Btn kind={v.status === 'scheduled' ? 'secondary' : 'primary'} busy={busy} disabled={!visitor} onClick={() => void schedule()}>
        {v.status === 'scheduled' ? '改时间或人员' : '安排上门'}
      </Btn>
    </View>
  )
}
