import { useState } from 'react'
import { View, Text, Input, Image, Textarea } from '@tarojs/components'
import type { TMeeting } from '@contracts/deliberation'
import { deliberationApi, deliberationStaffApi } from '@/api/deliberation'
import { Btn, DateTimeField, Message, StateView } from '@/components'
import { useAsync } from '@/hooks/use-async'
import { useAction } from '@/hooks/use-action'
import { shanghaiDateTime } from '@/utils/shanghai'

/** One meeting: the sign-in QR for the door, and minutes with a decision per agenda topic. */
function MeetingCard({ m, onDone }: { m: TMeeting; onDone: () => void }) {
  const [qr, setQr] = useState<string | null>(null)
  const [minutes, setMinutes] = useState(m.minutes ?? '')
  const [decisions, setDecisions] = useState<Record<string, string>>(Object.fromEntries(m.agenda.map((a) => [a.topicId, a.decision ?? ''])))
  const { busy, msg, act } = useAction(onDone)
  return (
    <View className='lp-card dl-meeting'>
      <Text className='lp-label'>{`${m.title} · ${shanghaiDateTime(m.startsAt)} · ${m.place}`}</Text>
      <Text className='lp-hint'>{`签到 ${m.attendees} 人${m.published ? ' · 纪要已公开' : ''}`}</Text>
      {m.members.length ? <Text className='lp-hint'>{`成员：${m.members.map((x) => `${x.role} ${x.name}`).join('、')}`}</Text> : null}
      <Message kind={msg?.kind} text={msg?.text} />
      <Btn kind='secondary' busy={busy} onClick={() => void act(async () => setQr((await deliberationStaffApi.meetingCode(m.id)).qrDataUrl))}>
        签到二维码
      </Btn>
      {qr ? <Image className='dl-qr' src={qr} mode='aspectFit' /> : null}
      {m.agenda.map((a) => (
        <View key={a.topicId}>
          <Text className='lp-hint'>{`议题：${a.title}`}</Text>
          <Input className='lp-input' placeholder='这个议题的决定' value={decisions[a.topicId] ?? ''} onInput={(e) => setDecisions({ ...decisions, [a.topicId]: e.detail.value })} />
        </View>
      ))}
      <Textarea className='lp-input' placeholder='会议纪要' value={minutes} onInput={(e) => setMinutes(e.detail.value)} />
      <Btn
        busy={busy}
        onClick={() =>
          void act(async () => {
            const list = Object.entries(decisions)
              .filter(([, d]) => d.trim())
              .map(([topicId, decision]) => ({ topicId, decision: decision.trim() }))
            await deliberationStaffApi.minutes(m.id, { minutes: minutes.trim(), decisions: list })
            return '纪要已公开，关注议题的居民会收到通知'
          })
        }
      >
        公开纪要和决定
      </Btn>
    </View>
  )
}

const MEMBER_ROLES = ['居民代表', '业委会', '物业', '民警', '驻区单位'] as const

/** Who sits at the 议事会: a name and a role per row (居民代表, 业委会, 物业, 民警, 驻区单位). */
function MembersField({ members, onChange }: { members: { role: string; name: string }[]; onChange: (m: { role: string; name: string }[]) => void }) {
  const [role, setRole] = useState<string>(MEMBER_ROLES[0])
  const [name, setName] = useState('')
  const add = () => {
    if (!name.trim()) return
    onChange([...members, { role, name: name.trim() }])
    setName('')
  }
  return (
    <View>
      <Text className='lp-hint'>参会成员</Text>
      {members.map((m, i) => (
        <View key={`${m.role}-${m.name}-${i}`} className='lp-row'>
          <Text>{`${m.role} · ${m.name}`}</Text>
          <Btn kind='plain' onClick={() => onChange(members.filter((_, j) => j !== i))}>
            去掉
          </Btn>
        </View>
      ))}
      <View className='lp-row dl-categories'>
        {MEMBER_ROLES.map((r) => (
          <Btn key={r} kind='secondary' className={role === r ? 'dl-chosen' : ''} onClick={() => setRole(r)}>
            {r}
          </Btn>
        ))}
      </View>
      <Input className='lp-input' placeholder='成员姓名或单位' maxlength={30} value={name} onInput={(e) => setName(e.detail.value)} />
      <Btn kind='secondary' disabled={!name.trim() || members.length >= 40} onClick={add}>
        添加成员
      </Btn>
    </View>
  )
}

/** 议事会: schedule one with accepted topics on the agenda; sign-in QR; minutes. */
export function MeetingEditor({ communityId }: { communityId: string }) {
  const meetings = useAsync(() => deliberationApi.meetings(communityId), [communityId])
  const accepted = useAsync(() => deliberationApi.topics({ status: 'accepted', orgUnitId: communityId }), [communityId])
  const [title, setTitle] = useState('')
  const [date, setDate] = useState('')
  const [time, setTime] = useState('19:00')
  const [place, setPlace] = useState('')
  const [agenda, setAgenda] = useState<string[]>([])
  const [members, setMembers] = useState<{ role: string; name: string }[]>([])
  const { busy, msg, act, fail } = useAction(() => meetings.reload())
  const schedule = () => {
    if (!title.trim() || !date || !place.trim()) return fail('请填写会议名称、日期和地点')
    void act(async () => {
      await deliberationStaffApi.scheduleMeeting({ communityId, title: title.trim(), startsAt: `${date}T${time}:00+08:00`, place: place.trim(), members, topicIds: agenda })
      setTitle('')
      setAgenda([])
      setMembers([])
      return '议事会已安排，议程上议题的关注者会收到通知'
    })
  }
  return (
    <View>
      <View className='lp-card'>
        <Text className='lp-label'>安排议事会</Text>
        <Message kind={msg?.kind} text={msg?.text} />
        <Input className='lp-input' placeholder='会议名称，如：十二月邻里议事会' value={title} onInput={(e) => setTitle(e.detail.value)} />
        <View className='lp-row'>
          <DateTimeField mode='date' label='日期' value={date} onChange={setDate} />
          <DateTimeField mode='time' label='时间' value={time} onChange={setTime} />
        </View>
        <Input className='lp-input' placeholder='地点' value={place} onInput={(e) => setPlace(e.detail.value)} />
        <MembersField members={members} onChange={setMembers} />
        {(accepted.data?.items ?? []).map((t) => (
          <View
            key={t.id}
            className={`lp-choice ${agenda.includes(t.id) ? 'dl-chosen' : ''}`}
            ariaRole='button'
            onClick={() => setAgenda(agenda.includes(t.id) ? agenda.filter((x) => x !== t.id) : [...agenda, t.id])}
          >
            <Text>{`${agenda.includes(t.id) ? '✓ ' : ''}${t.title}`}</Text>
          </View>
        ))}
        <Btn busy={busy} onClick={schedule}>
          安排
        </Btn>
      </View>
      <StateView loading={meetings.loading} error={meetings.error} empty={(meetings.data?.items.length ?? 0) === 0} emptyText='还没有议事会' onRetry={meetings.reload}>
        {meetings.data?.items.map((m) => (
          <MeetingCard key={m.id} m={m} onDone={meetings.reload} />
        ))}
      </StateView>
    </View>
  )
}
