import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { View, Text, Input, Picker } from '@tarojs/components'
import { BOOKING_CHANNEL_LABELS, BOOKING_STATUS_LABELS, type TBooking, type THomeVisit, type THomeVisitor, type TRosterEntry } from '@contracts/checkups'
import { messageOf } from '@/api'
import { checkupsApi, checkupsStaffApi, downloadRosterXlsx } from '@/api/checkups'
import { Btn, ListSection, Message, Page, Section, StateView } from '@/components'
import { useAsync } from '@/hooks/use-async'
import { loadMe, useMe } from '@/stores/session'
import { timeLabel, whenLabel } from '@/packages/checkups/time'
import { addDays, shanghaiDate, useStaffCampaign } from '../shared'
import { cameraScanAvailable, startCameraScan } from '../scan'
import './index.scss'

type Msg = { kind: 'error' | 'success'; text: string } | null

/**
 * What staff typed or scanned: an 18-digit ID-card number, or a check-in code — the QR's
 * `linli:checkup:<code>` or the 8 characters printed under it ("K7P2-9QXM"); the server tells which.
 */
function checkInBy(text: string): Promise<TBooking> | null {
  const t = text.trim()
  if (!t) return null
  if (/^\d{17}[\dXx]$/.test(t)) return checkupsApi.checkInById(t)
  const m = /^linli:checkup:([A-Za-z0-9_-]{16,64})$/.exec(t)
  return checkupsApi.checkIn(m ? m[1] : t)
}

function Entry({ r, onChanged }: { r: TRosterEntry; onChanged: (m: Msg) => void }) {
  const [busy, setBusy] = useState(false)
  // 体检做完了 cannot be undone and tells the family: asked once more, inline
  const [confirmDone, setConfirmDone] = useState(false)
  const act = async (fn: () => Promise<unknown>, ok: string) => {
    setBusy(true)
    try {
      await fn()
      onChanged({ kind: 'success', text: ok })
    } catch (e) {
      onChanged({ kind: 'error', text: `${r.elderName}：${messageOf(e)}` })
    } finally {
      setBusy(false)
    }
  }
  return (
    <View className='lp-card cks-entry'>
      <Text className='cks-line'>
        {r.elderName}
        {r.age !== null ? `（${r.age} 岁）` : ''}
        <Text className={`cks-status cks-status-${r.status}`}>{BOOKING_STATUS_LABELS[r.status]}</Text>
      </Text>
      <Text className='cks-sub'>
        {timeLabel(r.session.startsAt)}–{timeLabel(r.session.endsAt)} · {r.session.place}
      </Text>
      <Text className='cks-sub'>
        身份证 {r.idNumberMasked ?? '—'} · 电话 {r.phoneMasked ?? '无'} · {BOOKING_CHANNEL_LABELS[r.channel]}
      </Text>
      {r.checkedInAt ? <Text className='cks-sub'>签到 {whenLabel(r.checkedInAt)}</Text> : null}
      {r.status === 'booked' || r.status === 'no_show' ? (
        <Btn busy={busy} onClick={() => void act(() => checkupsStaffApi.checkInBooking(r.bookingId), `${r.elderName} 已签到`)}>
          签到
        </Btn>
      ) : r.status === 'checked_in' && !confirmDone ? (
        <Btn kind='secondary' busy={busy} onClick={() => setConfirmDone(true)}>
          体检做完了
        </Btn>
      ) : r.status === 'checked_in' ? (
        <View className='cks-confirm-done'>
          <Text className='cks-sub'>{`确认${r.elderName}的各项检查都做完了？确认后不能撤回，家属会收到通知。`}</Text>
          <Btn busy={busy} onClick={() => void act(() => checkupsStaffApi.markDone(r.bookingId), `${r.elderName} 已完成体检`)}>
            确认做完了
          </Btn>
          <Btn kind='secondary' onClick={() => setConfirmDone(false)}>
            还没有
          </Btn>
        </View>
      ) : null}
    </View>
  )
}

/** 今日名单 with check-in: scan the elder's QR, type its code, or find the elder by name / ID digits. */
function Today({ campaignId }: { campaignId: string }) {
  // no date chosen: the server's today (its clock decides what "today" is, not the phone's)
  const [date, setDate] = useState<string | undefined>(undefined)
  const roster = useAsync(() => checkupsStaffApi.roster(campaignId, date), [campaignId, date])
  const shownDate = date ?? roster.data?.date ?? shanghaiDate()
  const [code, setCode] = useState('')
  const [q, setQ] = useState('')
  const [busy, setBusy] = useState(false)
  const [msg, setMsg] = useState<Msg>(null)
  const items = roster.data?.items ?? []
  const needle = q.trim()
  const shown = needle ? items.filter((r) => r.elderName.includes(needle) || (r.idNumberMasked ?? '').replace(/\*/g, '').includes(needle.slice(-4)) || (r.phone ?? '').endsWith(needle)) : items
  const checkIn = async (text: string) => {
    const request = checkInBy(text)
    if (!request) return
    setBusy(true)
    setMsg(null)
    try {
      const b = await request
      setMsg({ kind: 'success', text: `${b.elderName} 已签到（${timeLabel(b.session.startsAt)} ${b.session.place}）` })
      setCode('')
      roster.reload()
    } catch (e) {
      setMsg({ kind: 'error', text: messageOf(e) })
    } finally {
      setBusy(false)
    }
  }
  const scan = async () => {
    try {
      const r = await Taro.scanCode({ onlyFromCamera: true })
      await checkIn(r.result)
    } catch {
      setMsg({ kind: 'error', text: '没有扫到二维码，可以输入二维码下方的签到码，或按姓名查找' })
    }
  }
  // H5 at the site: the phone's camera in the page, each frame decoded until a QR is read
  const [stopScan, setStopScan] = useState<(() => void) | null>(null)
  useEffect(() => () => stopScan?.(), [stopScan])
  const scanH5 = async () => {
    if (stopScan) {
      stopScan()
      setStopScan(null)
      return
    }
    setMsg(null)
    try {
      const stop = await startCameraScan('cks-scan', (text) => {
        setStopScan(null)
        void checkIn(text)
      })
      setStopScan(() => stop)
    } catch {
      setMsg({ kind: 'error', text: '打不开摄像头（可能没有允许使用相机），可以输入二维码下方的签到码或老人的身份证号' })
    }
  }
  const done = items.filter((r) => r.status === 'checked_in' || r.status === 'done').length
  return (
    <View>
      <View className='cks-row'>
        <Picker mode='date' value={shownDate} onChange={(e) => setDate(String(e.detail.value))}>
          <View className='lp-picker'>日期 {shownDate}</View>
        </Picker>
      </View>
      <Section title='签到'>
        {process.env.TARO_ENV === 'weapp' ? <Btn onClick={() => void scan()}>扫老人的预约二维码</Btn> : null}
        {process.env.TARO_ENV === 'h5' && cameraScanAvailable() ? (
          <Btn kind={stopScan ? 'plain' : 'primary'} onClick={() => void scanH5()}>
            {stopScan ? '关闭摄像头' : '用摄像头扫老人的预约二维码'}
          </Btn>
        ) : null}
        <View id='cks-scan' />
        <View className='cks-row'>
          <Input
            className='lp-input cks-code'
            value={code}
            placeholder='签到码（如 K7P2-9QXM）或身份证号'
            ariaLabel='签到码或身份证号'
            onInput={(e) => setCode(e.detail.value)}
            onConfirm={() => void checkIn(code)}
          />
          <Btn kind='secondary' busy={busy} disabled={!code.trim()} onClick={() => void checkIn(code)}>
            签到
          </Btn>
        </View>
        <Input className='lp-input cks-search' value={q} placeholder='姓名、身份证后四位或手机尾号' onInput={(e) => setQ(e.detail.value)} />
        <Message kind={msg?.kind} text={msg?.text} />
      </Section>
      <ListSection title={`名单（已签到 ${done}/${items.length}）`} state={roster} empty={shown.length === 0} emptyText={needle ? '名单里没有找到这位老人' : '这一天没有预约'}>
        {shown.map((r) => (
          <Entry
            key={r.bookingId}
            r={r}
            onChanged={(m) => {
              setMsg(m)
              roster.reload()
            }}
          />
        ))}
      </ListSection>
    </View>
  )
}

/** 未到场回访: who did not come, with the numbers to call (the elder's and family's). */
function NoShows({ campaignId }: { campaignId: string }) {
  const list = useAsync(() => checkupsStaffApi.noShows(campaignId), [campaignId])
  const items = list.data?.items ?? []
  const call = (phone: string) => void Taro.makePhoneCall({ phoneNumber: phone }).catch(() => undefined)
  return (
    <ListSection title='未到场，需要回访' state={list} empty={items.length === 0} emptyText='没有未到场的老人'>
      {items.map((r) => (
        <View key={r.bookingId} className='lp-card'>
          <Text className='cks-line'>
            {r.elderName}
            {r.age !== null ? `（${r.age} 岁）` : ''}
          </Text>
          <Text className='cks-sub'>
            约在 {whenLabel(r.session.startsAt)} · {r.session.place}
          </Text>
          <Text className='cks-sub'>{r.address ?? ''}</Text>
          {r.phone ? (
            <Btn kind='secondary' onClick={() => call(r.phone!)}>
              打给本人 {r.phone}
            </Btn>
          ) : (
            <Text className='cks-sub'>本人没有电话</Text>
          )}
          {r.familyContacts
            .filter((f) => f.phone)
            .map((f) => (
              <Btn key={`${f.name}${f.phone}`} kind='secondary' onClick={() => call(f.phone!)}>
                打给家属 {f.name} {f.phone}
              </Btn>
            ))}
        </View>
      ))}
    </ListSection>
  )
}

/** 候补: who is waiting for which session, and open offers. */
function Waitlist({ campaignId }: { campaignId: string }) {
  const list = useAsync(() => checkupsStaffApi.waitlist(campaignId), [campaignId])
  const items = list.data?.items ?? []
  return (
    <ListSection title='候补名单' state={list} empty={items.length === 0} emptyText='没有人在候补'>
      {items.map((w) => (
        <View key={w.id} className='lp-card'>
          <Text className='cks-line'>
            {w.elderName}
            <Text className='cks-status'>{w.status === 'offered' ? '已让出名额，待确认' : `排第 ${w.position ?? '?'} 位`}</Text>
          </Text>
          <Text className='cks-sub'>
            {whenLabel(w.session.startsAt)} · {w.session.place}
          </Text>
          {w.offerExpiresAt ? <Text className='cks-sub'>名额保留到 {whenLabel(w.offerExpiresAt)}</Text> : null}
        </View>
      ))}
    </ListSection>
  )
}

const VISITOR_ROLE_LABELS: Record<THomeVisitor['role'], string> = { health_staff: '卫生服务中心', community_staff: '社区' }

/** 上门体检: a bed-bound elder's request gets a visitor (this staff member unless another is chosen) and a time; a clash with another visit is refused. */
function HomeVisit({ v, visitors, onDone }: { v: THomeVisit; visitors: THomeVisitor[]; onDone: (m: Msg) => void }) {
  const { me } = useMe()
  const [date, setDate] = useState(addDays(shanghaiDate(), 1))
  const [time, setTime] = useState('14:00')
  const [minutes, setMinutes] = useState(60)
  const [chosen, setChosen] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  // default: whoever is already sent, else the logged-in staff member if they can visit, else the first who can
  const fallback = visitors.find((p) => p.id === v.staffId) ?? visitors.find((p) => p.id === me?.user.id) ?? visitors[0]
  const visitor = visitors.find((p) => p.id === chosen) ?? fallback
  const nameOf = (id: string | null) => (id === me?.user.id ? '我' : visitors.find((p) => p.id === id)?.name)
  const schedule = async () => {
    if (!visitor) return
    setBusy(true)
    setError(null)
    try {
      const start = new Date(`${date}T${time}:00+08:00`)
      await checkupsStaffApi.scheduleHomeVisit(v.id, visitor.id, start.toISOString(), new Date(start.getTime() + minutes * 60_000).toISOString())
      onDone({ kind: 'success', text: `已安排 ${visitor.name} ${date} ${time} 上门为 ${v.elderName} 体检` })
    } catch (e) {
      setError(messageOf(e))
    } finally {
      setBusy(false)
    }
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

function HomeVisits({ campaignId }: { campaignId: string }) {
  const list = useAsync(() => checkupsStaffApi.homeVisits(campaignId), [campaignId])
  const visitors = useAsync(() => checkupsStaffApi.homeVisitors(campaignId), [campaignId])
  const [msg, setMsg] = useState<Msg>(null)
  const items = list.data?.items ?? []
  return (
    <Section title='上门体检' extra={<Text className='lp-hint' onClick={list.reload}>刷新</Text>}>
      <Message kind={msg?.kind} text={msg?.text} />
      <StateView
        loading={list.loading || visitors.loading}
        error={list.error ?? visitors.error}
        empty={items.length === 0}
        emptyText='没有上门体检的申请'
        onRetry={() => {
          list.reload()
          visitors.reload()
        }}
      >
        {items.map((v) => (
          <HomeVisit
            key={v.id}
            v={v}
            visitors={visitors.data?.items ?? []}
            onDone={(m) => {
              setMsg(m)
              list.reload()
            }}
          />
        ))}
      </StateView>
    </Section>
  )
}

const TABS = [
  ['today', '今日签到'],
  ['noshow', '未到场回访'],
  ['wait', '候补'],
  ['home', '上门'],
] as const

export default function CheckupRosterPage() {
  const { list, campaign } = useStaffCampaign()
  useAsync(() => loadMe(), [])
  const [tab, setTab] = useState<(typeof TABS)[number][0]>('today')
  const [busy, setBusy] = useState(false)
  const [msg, setMsg] = useState<Msg>(null)
  const download = async () => {
    if (!campaign) return
    setBusy(true)
    setMsg(null)
    try {
      await downloadRosterXlsx(campaign.id, `${campaign.communityName}${campaign.title}-名单.xlsx`)
    } catch (e) {
      setMsg({ kind: 'error', text: messageOf(e) })
    } finally {
      setBusy(false)
    }
  }
  return (
    <Page title='体检签到'>
      <StateView loading={list.loading} error={list.error} empty={!campaign} emptyText='还没有体检活动' onRetry={list.reload}>
        {campaign ? (
          <>
            <Text className='cks-line'>
              {campaign.communityName} · {campaign.title}
            </Text>
            <View className='cks-tabs'>
              {TABS.map(([k, label]) => (
                <Btn key={k} kind={tab === k ? 'primary' : 'secondary'} onClick={() => setTab(k)}>
                  {label}
                </Btn>
              ))}
            </View>
            {tab === 'today' ? (
              <Today campaignId={campaign.id} />
            ) : tab === 'noshow' ? (
              <NoShows campaignId={campaign.id} />
            ) : tab === 'wait' ? (
              <Waitlist campaignId={campaign.id} />
            ) : (
              <HomeVisits campaignId={campaign.id} />
            )}
            <Btn kind='plain' busy={busy} onClick={() => void download()}>
              {busy ? '正在生成…' : '下载名单和签到表（xlsx）'}
            </Btn>
            <Message kind={msg?.kind} text={msg?.text} />
          </>
        ) : null}
      </StateView>
    </Page>
  )
}
