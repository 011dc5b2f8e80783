import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { View, Text, Input } from '@tarojs/components'
import { BOOKING_STATUS_LABELS, ORGANISATION_KIND_LABELS, RESOURCE_KIND_LABELS, type TResourceBooking } from '@contracts/resources'
import { downloadOverviewXlsx, downloadUsageXlsx, resourcesStaffApi } from '@/api/resources'
import { Btn, DateTimeField, Message, Page, Section, StateView } from '@/components'
import { useAsync } from '@/hooks/use-async'
import { useAction } from '@/hooks/use-action'
import { useWide } from '@/hooks/use-wide'
import { shanghaiDate } from '@/utils/shanghai'
import { rangeText } from '../format'
import { cameraScanAvailable, startCameraScan } from '@/components/camera-scan'
import { ManageResources } from './manage'
import '../resources.scss'

type Tab = 'approvals' | 'checkin' | 'usage' | 'manage' | 'organisations'
const TABS: [Tab, string][] = [
  ['approvals', '待审核'],
  ['checkin', '扫码签到'],
  ['usage', '使用统计'],
  ['manage', '场地管理'],
  ['organisations', '社会组织'],
]

function BookingLine({ b, children }: { b: TResourceBooking; children?: React.ReactNode }) {
  return (
    <View className='lp-card'>
      <Text className='lp-label lp-block'>
        {b.resourceName} · {rangeText(b.startsAt, b.endsAt)}
      </Text>
      <Text className='lp-hint lp-block'>
        {b.bookerName}（{b.bookerCommunityName ?? '未登记社区'}）{b.organisationName ? ` · 以「${b.organisationName}」名义` : ''}
        {b.quantity > 1 ? ` · ${b.quantity} 件` : ''} · {BOOKING_STATUS_LABELS[b.status]}
        {b.purpose ? ` · ${b.purpose}` : ''}
      </Text>
      {children}
    </View>
  )
}

function Approvals() {
  const list = useAsync(() => resourcesStaffApi.bookings({ status: 'pending' }), [])
  const [note, setNote] = useState('')
  const { busy, msg, act } = useAction(list.reload)
  const items = list.data?.items ?? []
  return (
    <>
      <Message kind={msg?.kind === 'success' ? 'success' : 'error'} text={msg?.text ?? null} />
      <StateView loading={list.loading} error={list.error} empty={items.length === 0} emptyText='没有待审核的预约' onRetry={list.reload}>
        <Input className='lp-input' value={note} placeholder='不通过的原因（不通过时必填）' onInput={(e) => setNote(e.detail.value)} />
        {items.map((b) => (
          <BookingLine key={b.id} b={b}>
            <View className='rs-row'>
              <Btn busy={busy} onClick={() => void act(() => resourcesStaffApi.decide(b.id, 'approve').then(() => `已通过：${b.bookerName} ${b.resourceName}`))}>
                通过
              </Btn>
              <Btn kind='danger' busy={busy} onClick={() => void act(() => resourcesStaffApi.decide(b.id, 'refuse', note).then(() => '已拒绝，已通知预约人'))}>
                不通过
              </Btn>
            </View>
          </BookingLine>
        ))}
      </StateView>
    </>
  )
}

function CheckIn() {
  const [code, setCode] = useState('')
  const [done, setDone] = useState<TResourceBooking | null>(null)
  const { busy, error, act, fail } = useAction()
  const today = useAsync(() => resourcesStaffApi.bookings({ date: 'today' }), [done?.id])
  const submit = (c: string) => act(async () => setDone(await resourcesStaffApi.checkIn(c)))
  const [stopScan, setStopScan] = useState<(() => void) | null>(null)
  useEffect(() => () => stopScan?.(), [stopScan])
  const scanH5 = async () => {
    if (stopScan) {
      stopScan()
      setStopScan(null)
      return
    }
    try {
      const stop = await startCameraScan(
        'rs-scan',
        (text) => {
          setStopScan(null)
          setCode(text)
          void submit(text)
        },
        'rs-video',
      )
      setStopScan(() => stop)
    } catch {
      fail('打不开摄像头（可能没有允许使用相机），可以输入二维码下方的签到码')
    }
  }
  const scan = async () => {
    try {
      const r = await Taro.scanCode({ onlyFromCamera: true })
      setCode(r.result)
      await submit(r.result)
    } catch {
      fail('没有扫到二维码，请再试一次，或输入签到码')
    }
  }
  const items = today.data?.items ?? []
  return (
    <>
      {process.env.TARO_ENV === 'weapp' ? <Btn onClick={() => void scan()}>扫预约二维码</Btn> : null}
      {process.env.TARO_ENV === 'h5' && cameraScanAvailable() ? (
        <Btn kind={stopScan ? 'plain' : 'primary'} onClick={() => void scanH5()}>
          {stopScan ? '关闭摄像头' : '用摄像头扫预约二维码'}
        </Btn>
      ) : null}
      <View id='rs-scan' />
      <Input className='lp-input' value={code} placeholder='签到码（二维码下方的 rb1.… ）' onInput={(e) => setCode(e.detail.value)} onConfirm={() => void submit(code)} />
      <Btn busy={busy} onClick={() => void submit(code)}>
        签到
      </Btn>
      <Message kind='error' text={error} />
      {done ? <Message kind='success' text={`已签到：${done.bookerName} · ${done.resourceName} ${rangeText(done.startsAt, done.endsAt)}`} /> : null}
      <Section title='今天的预约'>
        <StateView loading={today.loading} error={today.error} empty={items.length === 0} emptyText='今天没有预约' onRetry={today.reload}>
          {items.map((b) => (
            <BookingLine key={b.id} b={b} />
          ))}
        </StateView>
      </Section>
    </>
  )
}

function monthStart(): string {
  return `${shanghaiDate().slice(0, 8)}01`
}

function Usage() {
  const [from, setFrom] = useState(monthStart())
  const [to, setTo] = useState(shanghaiDate(Date.now() + 60 * 86_400_000))
  const usage = useAsync(() => resourcesStaffApi.usage(from, to), [from, to])
  const { busy, error, act } = useAction()
  const rows = usage.data?.rows ?? []
  return (
    <>
      <View className='rs-row'>
        <DateTimeField mode='date' value={from} onChange={setFrom} label='从' />
        <DateTimeField mode='date' value={to} onChange={setTo} label='到' />
        <Btn kind='secondary' busy={busy} onClick={() => void act(() => downloadUsageXlsx(from, to))}>
          下载 Excel
        </Btn>
      </View>
      <Message kind='error' text={error} />
      <StateView loading={usage.loading} error={usage.error} empty={rows.length === 0} emptyText='本社区还没有出借的场地' onRetry={usage.reload}>
        <Text className='lp-hint lp-block'>{usage.data?.communityName}</Text>
        {rows.map((r) => (
          <View key={r.resourceId} className='lp-card'>
            <Text className='lp-label lp-block'>
              {r.name}（{RESOURCE_KIND_LABELS[r.kind]}）
            </Text>
            <Text className='lp-hint lp-block'>
              预约 {r.bookings} · 通过 {r.approvedOrUsed} · 签到 {r.checkedIn} · 未到 {r.noShows} · {r.hoursBooked} 小时 · 外社区 {r.fromOtherCommunities} · 社会组织 {r.byOrganisations}
            </Text>
          </View>
        ))}
      </StateView>
    </>
  )
}

function Organisations() {
  const pending = useAsync(() => resourcesStaffApi.organisations('pending'), [])
  const [from, setFrom] = useState(`${shanghaiDate().slice(0, 4)}-01-01`)
  const [to, setTo] = useState(shanghaiDate(Date.now() + 60 * 86_400_000))
  const overview = useAsync(() => resourcesStaffApi.overview(from, to), [from, to])
  const { busy, msg, act } = useAction(() => {
    pending.reload()
    overview.reload()
  })
  const items = pending.data?.items ?? []
  const rows = overview.data?.rows ?? []
  return (
    <>
      <Section title='待认证'>
        <Message kind={msg?.kind === 'success' ? 'success' : 'error'} text={msg?.text ?? null} />
        <StateView loading={pending.loading} error={pending.error} empty={items.length === 0} emptyText='没有待认证的社会组织' onRetry={pending.reload}>
          {items.map((o) => (
            <View key={o.id} className='lp-card'>
              <Text className='lp-label lp-block'>{o.name}</Text>
              <Text className='lp-hint lp-block'>
                {ORGANISATION_KIND_LABELS[o.kind]} · {o.hostCommunityName} · 负责人 {o.leaderName} · {o.memberCount} 人
              </Text>
              <View className='rs-row'>
                <Btn busy={busy} onClick={() => void act(() => resourcesStaffApi.decideOrganisation(o.id, 'verify').then(() => `已认证：${o.name}`))}>
                  认证
                </Btn>
                <Btn kind='danger' busy={busy} onClick={() => void act(() => resourcesStaffApi.decideOrganisation(o.id, 'reject', '材料不全，请到社区补充').then(() => '已退回'))}>
                  退回
                </Btn>
              </View>
            </View>
          ))}
        </StateView>
      </Section>
      <Section title='社会组织概览'>
        <View className='rs-row'>
          <DateTimeField mode='date' value={from} onChange={setFrom} label='从' />
          <DateTimeField mode='date' value={to} onChange={setTo} label='到' />
          <Btn kind='secondary' busy={busy} onClick={() => void act(() => downloadOverviewXlsx(from, to))}>
            下载 Excel
          </Btn>
        </View>
        <StateView loading={overview.loading} error={overview.error} empty={rows.length === 0} emptyText='还没有社会组织' onRetry={overview.reload}>
          {rows.map((r) => (
            <View key={r.organisationId} className='lp-card'>
              <Text className='lp-label lp-block'>
                {r.name} · {r.hostCommunityName}
              </Text>
              <Text className='lp-hint lp-block'>
                成员 {r.members} · 活动 {r.activities} 场 · 签到 {r.attendances} 人次 · 服务 {r.hoursServed} 小时 · 用场地 {r.bookings} 次 / {r.hoursBooked} 小时
              </Text>
            </View>
          ))}
        </StateView>
      </Section>
    </>
  )
}

/** 工作台 · 场地与社会组织: approvals, QR check-in, usage with xlsx, organisations to verify and the overview. */
export default function ResourcesStaffPage() {
  const [tab, setTab] = useState<Tab>('approvals')
  const wide = useWide()
  return (
    <Page title='场地与社会组织' className={wide ? 'lp-desk' : ''}>
      <View>
        {TABS.map(([k, label]) => (
          <View key={k} className={`lp-choice ${tab === k ? 'is-on' : ''}`} onClick={() => setTab(k)}>
            {label}
          </View>
        ))}
      </View>
      {tab === 'approvals' ? <Approvals /> : tab === 'checkin' ? <CheckIn /> : tab === 'usage' ? <Usage /> : tab === 'manage' ? <ManageResources /> : <Organisations />}
    </Page>
  )
}
