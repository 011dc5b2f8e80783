import { useMemo, useState } from 'react'
import { View, Text, Input, Picker } from '@tarojs/components'
import type { TSession } from '@contracts/checkups'
import { ApiError, messageOf } from '@/api'
import { checkupsApi, checkupsStaffApi } from '@/api/checkups'
import { Btn, ListSection, Message, Page, Section, StateView, Toggle, DateTimeField } from '@/components'
import { useAction } from '@/hooks/use-action'
import { useAsync } from '@/hooks/use-async'
import { dayKey, dayLabel, timeLabel } from '@/packages/checkups/time'
import { addDays, shanghaiDate, useStaffCampaign } from '../shared'
import './index.scss'

/** 批量排场次: e.g. weekdays 8:00–10:00 in 30-minute slots of 20 for three weeks. */
function BulkSessions({ campaignId, onDone }: { campaignId: string; onDone: (n: number) => void }) {
  const start = addDays(shanghaiDate(), 1)
  const [f, setF] = useState({ from: start, to: addDays(start, 20), dayStart: '08:00', dayEnd: '10:00', slotMinutes: '30', capacity: '20', place: '' })
  const [weekdaysOnly, setWeekdaysOnly] = useState(true)
  const { busy, error, act, fail } = useAction()
  const set = (k: keyof typeof f) => (v: string) => setF((x) => ({ ...x, [k]: v }))
  const submit = async () => {
    if (!f.place.trim()) return fail('请填写体检地点')
    await act(async () => {
      const r = await checkupsStaffApi.createSessions(campaignId, {
        from: f.from,
        to: f.to,
        weekdaysOnly,
        dayStart: f.dayStart,
        dayEnd: f.dayEnd,
        slotMinutes: Number(f.slotMinutes),
        capacity: Number(f.capacity),
        place: f.place.trim(),
      })
      onDone(r.created)
    })
  }
  return (
    <View className='lp-card'>
      <View className='lp-field'>
        <Text className='lp-label'>日期（含首尾）</Text>
        <View className='cks-row'>
          <DateTimeField mode='date' label='从' className='cks-from' value={f.from} onChange={set('from')} />
          <DateTimeField mode='date' label='到' className='cks-to' value={f.to} onChange={set('to')} />
        </View>
      </View>
      <Toggle label='只排工作日' hint='周六、周日不排' on={weekdaysOnly} onChange={setWeekdaysOnly} />
      <View className='lp-field'>
        <Text className='lp-label'>每天的时间</Text>
        <View className='cks-row'>
          <DateTimeField mode='time' label='开始' className='cks-day-start' value={f.dayStart} onChange={set('dayStart')} />
          <DateTimeField mode='time' label='结束' className='cks-day-end' value={f.dayEnd} onChange={set('dayEnd')} />
        </View>
      </View>
      <View className='lp-field'>
        <Text className='lp-label'>每场多少分钟</Text>
        <Input className='lp-input' type='number' value={f.slotMinutes} placeholder='每场分钟数' onInput={(e) => set('slotMinutes')(e.detail.value)} />
      </View>
      <View className='lp-field'>
        <Text className='lp-label'>每场多少人</Text>
        <Input className='lp-input' type='number' value={f.capacity} placeholder='每场人数' onInput={(e) => set('capacity')(e.detail.value)} />
      </View>
      <View className='lp-field'>
        <Text className='lp-label'>地点</Text>
        <Input className='lp-input' value={f.place} placeholder='例如：东湖社区卫生服务站（东湖路 20 号）' onInput={(e) => set('place')(e.detail.value)} />
      </View>
      <Message kind='error' text={error} />
      <Btn busy={busy} onClick={() => void submit()}>
        {busy ? '正在排场次…' : '批量创建场次'}
      </Btn>
    </View>
  )
}

const hasBookings = (e: unknown): e is ApiError => e instanceof ApiError && e.code === 'SESSION_HAS_BOOKINGS'

/**
 * One session's edit: capacity, place, stop. Shrinking or stopping a session with bookings asks
 * where those elders go; the server moves them (latest booked first) and tells each one.
 */
function SessionEditor({ s, others, onDone }: { s: TSession; others: TSession[]; onDone: (text: string) => void }) {
  const [capacity, setCapacity] = useState(String(s.capacity))
  const [place, setPlace] = useState(s.place)
  const { busy, error, act } = useAction(undefined, (e) => (hasBookings(e) ? `这一场有 ${String(e.details?.toMove ?? '')} 位老人需要改到别的场次，请选择改到哪一场` : messageOf(e)))
  const [needMove, setNeedMove] = useState<{ toMove: number; status?: 'closed' } | null>(null)
  const [moveTo, setMoveTo] = useState<string>('')
  const targets = others.filter((o) => o.id !== s.id && o.status === 'open' && o.capacity - o.booked >= (needMove?.toMove ?? 1))
  const save = (status?: 'closed' | 'open') =>
    act(async () => {
      const cap = Number(capacity)
      await checkupsStaffApi
        .updateSession(s.id, {
          ...(cap !== s.capacity ? { capacity: cap } : {}),
          ...(place.trim() !== s.place ? { place: place.trim() } : {}),
          ...(status ? { status } : {}),
          ...(needMove && moveTo ? { moveTo } : {}),
        })
        .catch((e: unknown) => {
          // the elders booked there need a new session first: ask where to, then save again
          if (hasBookings(e)) setNeedMove({ toMove: Number(e.details?.toMove ?? 1), status: status === 'closed' ? 'closed' : undefined })
          throw e
        })
      onDone(
        status === 'closed' ? '这一场已停止' + (needMove ? `，${needMove.toMove} 位老人已改到新场次并收到通知` : '') : '已保存' + (needMove ? `，${needMove.toMove} 位老人已改到新场次并收到通知` : ''),
      )
    })
  return (
    <View className='cks-editor'>
      <View className='lp-field'>
        <Text className='lp-label'>人数（已约 {s.booked}）</Text>
        <Input className='lp-input' type='number' value={capacity} placeholder='每场人数' onInput={(e) => setCapacity(e.detail.value)} />
      </View>
      <View className='lp-field'>
        <Text className='lp-label'>地点</Text>
        <Input className='lp-input' value={place} placeholder='地点' onInput={(e) => setPlace(e.detail.value)} />
      </View>
      {needMove ? (
        <View className='lp-field'>
          <Text className='lp-label'>把 {needMove.toMove} 位老人改到</Text>
          {targets.length === 0 ? (
            <Text className='cks-sub cks-warn'>没有空位够的场次，请先加开或扩大一场</Text>
          ) : (
            <Picker
              mode='selector'
              range={targets.map((t) => `${dayLabel(t.startsAt)} ${timeLabel(t.startsAt)}（空 ${t.capacity - t.booked}）`)}
              onChange={(e) => setMoveTo(targets[Number(e.detail.value)]?.id ?? '')}
            >
              <View className='lp-picker'>
                {moveTo
                  ? (() => {
                      const t = targets.find((x) => x.id === moveTo)
                      return t ? `${dayLabel(t.startsAt)} ${timeLabel(t.startsAt)}` : '请选择'
                    })()
                  : '请选择场次'}
              </View>
            </Picker>
          )}
        </View>
      ) : null}
      <Message kind='error' text={error} />
      <View className='cks-row'>
        <Btn busy={busy} disabled={Boolean(needMove && !moveTo)} onClick={() => void save(needMove?.status)}>
          {needMove ? '改约并保存' : '保存'}
        </Btn>
        {s.status === 'open' && !needMove ? (
          <Btn kind='danger' busy={busy} onClick={() => void save('closed')}>
            停止这一场
          </Btn>
        ) : null}
        {s.status === 'closed' ? (
          <Btn kind='secondary' busy={busy} onClick={() => void save('open')}>
            重新开放
          </Btn>
        ) : null}
      </View>
    </View>
  )
}

/** 场次管理: bulk creation and each session's edit. */
export default function CheckupSessionsPage() {
  const { list: campaigns, campaign } = useStaffCampaign()
  const sessions = useAsync(async () => (campaign ? checkupsApi.sessions(campaign.id) : { items: [] }), [campaign?.id])
  const [adding, setAdding] = useState(false)
  const [editing, setEditing] = useState<string | null>(null)
  const [msg, setMsg] = useState<string | null>(null)
  const days = useMemo(() => {
    const map = new Map<string, TSession[]>()
    for (const s of sessions.data?.items ?? []) map.set(dayKey(s.startsAt), [...(map.get(dayKey(s.startsAt)) ?? []), s])
    return [...map.values()]
  }, [sessions.data])
  const items = sessions.data?.items ?? []
  return (
    <Page title='场次管理'>
      <StateView loading={campaigns.loading} error={campaigns.error} empty={!campaign} emptyText='还没有体检活动，请先在「体检管理」里创建' onRetry={campaigns.reload}>
        {campaign ? (
          <Text className='cks-line'>
            {campaign.communityName} · {campaign.title}
          </Text>
        ) : null}
        <Message kind='success' text={msg} />
        <Section title='批量排场次'>
          {adding && campaign ? (
            <BulkSessions
              campaignId={campaign.id}
              onDone={(n) => {
                setAdding(false)
                setMsg(`已创建 ${n} 场`)
                sessions.reload()
              }}
            />
          ) : (
            <Btn kind='secondary' onClick={() => setAdding(true)}>
              批量排场次（例如工作日 8:00–10:00，每 30 分钟一场，每场 20 人，排三周）
            </Btn>
          )}
        </Section>
        <ListSection title='场次' state={sessions} empty={items.length === 0} emptyText='还没有场次'>
          {days.map((ss) => (
            <View key={ss[0].id} className='lp-card'>
              <Text className='cks-line'>{dayLabel(ss[0].startsAt)}</Text>
              {ss.map((s) => (
                <View key={s.id} className='cks-session'>
                  <View className='cks-session-row' onClick={() => setEditing(editing === s.id ? null : s.id)} ariaRole='button'>
                    <Text className='cks-sub cks-grow'>
                      {timeLabel(s.startsAt)}–{timeLabel(s.endsAt)} · {s.place} · 已约 {s.booked}/{s.capacity}
                      {s.status === 'closed' ? <Text className='cks-status cks-status-no_show'>已停止</Text> : null}
                    </Text>
                    <Text className='cks-edit'>{editing === s.id ? '收起' : '修改'}</Text>
                  </View>
                  {editing === s.id ? (
                    <SessionEditor
                      s={s}
                      others={items}
                      onDone={(text) => {
                        setEditing(null)
                        setMsg(text)
                        sessions.reload()
                      }}
                    />
                  ) : null}
                </View>
              ))}
            </View>
          ))}
        </ListSection>
      </StateView>
    </Page>
  )
}
