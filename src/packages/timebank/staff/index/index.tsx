import { useState } from 'react'
import { View, Text, Input, Picker } from '@tarojs/components'
import type { TServiceRequest, TVolunteerApplication } from '@contracts/timebank'
import { messageOf } from '@/api'
import { downloadMonthlyHoursXlsx, minutesLabel, timebankStaffApi, whenLabel } from '@/api/timebank'
import { Btn, Message, Page, Section, StateView } from '@/components'
import { useAsync } from '@/hooks/use-async'
import './index.scss'

type Tab = 'open' | 'disputed' | 'review' | 'volunteers' | 'adjust' | 'report'
const TABS: { key: Tab; label: string }[] = [
  { key: 'open', label: '待派单' },
  { key: 'disputed', label: '有异议' },
  { key: 'review', label: '签到复核' },
  { key: 'volunteers', label: '志愿者认证' },
  { key: 'adjust', label: '时长调整' },
  { key: 'report', label: '月度报表' },
]

/** Runs one staff action with busy/error state; the card tells the list to reload when done. */
function useAction(onDone: () => void) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const run = async (f: () => Promise<unknown>) => {
    setBusy(true)
    setError(null)
    try {
      await f()
      onDone()
    } catch (e) {
      setError(messageOf(e))
    } finally {
      setBusy(false)
    }
  }
  return { busy, error, run }
}

function RequestHead({ r }: { r: TServiceRequest }) {
  return (
    <View>
      <Text className='tb-line'>{`${r.serviceTypeLabel} · ${r.elderName}`}</Text>
      <Text className='tb-sub'>{`${whenLabel(r.startsAt)} · ${r.address}`}</Text>
      {r.notes ? <Text className='tb-sub'>{`备注：${r.notes}`}</Text> : null}
      {r.requestedBy !== r.elderId ? <Text className='tb-sub'>{`代为申请：${r.requestedByName}`}</Text> : null}
    </View>
  )
}

function OpenCard({ r, volunteers, onDone }: { r: TServiceRequest; volunteers: { id: string; name: string }[]; onDone: () => void }) {
  const { busy, error, run } = useAction(onDone)
  const [pick, setPick] = useState(0)
  const [places, setPlaces] = useState(String(r.volunteersNeeded))
  const chosen = volunteers[pick]
  return (
    <View className='lp-card tb-staff-card'>
      <RequestHead r={r} />
      <Text className='tb-sub'>{`需要 ${r.volunteersNeeded} 位志愿者，已有 ${r.placesTaken} 位`}</Text>
      {volunteers.length ? (
        <Picker mode='selector' range={volunteers.map((v) => v.name)} value={pick} onChange={(e) => setPick(Number(e.detail.value))}>
          <View className='lp-input'>{`派给：${chosen?.name ?? '请选择'}`}</View>
        </Picker>
      ) : (
        <Text className='tb-sub'>还没有认证的志愿者</Text>
      )}
      <Btn busy={busy} disabled={!chosen} onClick={() => void run(() => timebankStaffApi.assign(r.id, chosen!.id))}>
        派单
      </Btn>
      <View className='tb-row'>
        <Input className='lp-input tb-places' type='number' value={places} onInput={(e) => setPlaces(e.detail.value)} />
        <Btn kind='secondary' busy={busy} onClick={() => void run(() => timebankStaffApi.setPlaces(r.id, Number(places)))}>
          设置需要的人数
        </Btn>
      </View>
      <Message kind='error' text={error ?? undefined} />
    </View>
  )
}

function DisputeCard({ r, onDone }: { r: TServiceRequest; onDone: () => void }) {
  const { busy, error, run } = useAction(onDone)
  const [reason, setReason] = useState('')
  return (
    <View className='lp-card tb-staff-card'>
      <RequestHead r={r} />
      <Text className='tb-sub'>{`志愿者：${r.volunteerName ?? ''}，记录 ${minutesLabel(r.minutes ?? 0)}`}</Text>
      <Text className='tb-sub'>{`异议：${r.disputeReason ?? ''}`}</Text>
      <Input className='lp-input' placeholder='处理理由（必填），如：电话核实属实' value={reason} onInput={(e) => setReason(e.detail.value)} />
      <Btn busy={busy} onClick={() => void run(() => timebankStaffApi.settle(r.id, 'credit', reason.trim()))}>
        核实属实，记时长
      </Btn>
      <Btn kind='secondary' busy={busy} onClick={() => void run(() => timebankStaffApi.settle(r.id, 'reject', reason.trim()))}>
        不记时长
      </Btn>
      <Message kind='error' text={error ?? undefined} />
    </View>
  )
}

function ReviewCard({ r, onDone }: { r: TServiceRequest; onDone: () => void }) {
  const { busy, error, run } = useAction(onDone)
  const [reason, setReason] = useState('')
  return (
    <View className='lp-card tb-staff-card'>
      <RequestHead r={r} />
      <Text className='tb-sub'>{`志愿者：${r.volunteerName ?? ''}，签到时离地址约 ${r.checkInDistanceM ?? '?'} 米`}</Text>
      <Text className='tb-sub'>{`志愿者说明：${r.checkInReviewReason ?? ''}`}</Text>
      <Text className='tb-sub'>{`当前：${r.statusLabel}`}</Text>
      <Input className='lp-input' placeholder='理由（不通过时必填）' value={reason} onInput={(e) => setReason(e.detail.value)} />
      <Btn busy={busy} onClick={() => void run(() => timebankStaffApi.review(r.id, 'approve', reason.trim()))}>
        核实无误，通过
      </Btn>
      <Btn kind='danger' busy={busy} onClick={() => void run(() => timebankStaffApi.review(r.id, 'reject', reason.trim()))}>
        不通过，不记时长
      </Btn>
      <Message kind='error' text={error ?? undefined} />
    </View>
  )
}

function ApplicationCard({ a, onDone }: { a: TVolunteerApplication; onDone: () => void }) {
  const { busy, error, run } = useAction(onDone)
  const [reason, setReason] = useState('')
  return (
    <View className='lp-card tb-staff-card'>
      <Text className='tb-line'>{`${a.name}${a.age !== null ? `，${a.age} 岁` : '，未登记出生日期'}`}</Text>
      {a.phone ? <Text className='tb-sub'>{`电话：${a.phone}`}</Text> : null}
      {a.skills ? <Text className='tb-sub'>{`特长：${a.skills}`}</Text> : null}
      <Text className='tb-sub'>{`申请时间：${whenLabel(a.createdAt)}`}</Text>
      <Input className='lp-input' placeholder='理由（不通过时必填）' value={reason} onInput={(e) => setReason(e.detail.value)} />
      <Btn busy={busy} onClick={() => void run(() => timebankStaffApi.decide(a.id, 'verify', reason.trim()))}>
        核实身份，认证为志愿者
      </Btn>
      <Btn kind='secondary' busy={busy} onClick={() => void run(() => timebankStaffApi.decide(a.id, 'reject', reason.trim()))}>
        不通过
      </Btn>
      <Message kind='error' text={error ?? undefined} />
    </View>
  )
}

function RequestList({ status }: { status: 'open' | 'disputed' | 'review' }) {
  const list = useAsync(() => timebankStaffApi.requests(status), [status])
  const vols = useAsync(() => (status === 'open' ? timebankStaffApi.volunteers() : Promise.resolve({ items: [] })), [status])
  const items = list.data?.items ?? []
  const empty = { open: '没有等待派单的请求', disputed: '没有待处理的异议', review: '没有需要复核的签到' }[status]
  return (
    <StateView loading={list.loading} error={list.error} empty={items.length === 0} emptyText={empty} onRetry={list.reload}>
      {items.map((r) =>
        status === 'open' ? (
          <OpenCard key={r.id} r={r} volunteers={vols.data?.items ?? []} onDone={list.reload} />
        ) : status === 'disputed' ? (
          <DisputeCard key={r.id} r={r} onDone={list.reload} />
        ) : (
          <ReviewCard key={r.id} r={r} onDone={list.reload} />
        ),
      )}
    </StateView>
  )
}

function Applications() {
  const list = useAsync(() => timebankStaffApi.applications(), [])
  const items = list.data?.items ?? []
  return (
    <StateView loading={list.loading} error={list.error} empty={items.length === 0} emptyText='没有待认证的志愿者申请' onRetry={list.reload}>
      {items.map((a) => (
        <ApplicationCard key={a.id} a={a} onDone={list.reload} />
      ))}
    </StateView>
  )
}

/** 时长调整: add (补记) or take (扣减) a volunteer's minutes with a reason; one key per filled form. */
function Adjust() {
  const vols = useAsync(() => timebankStaffApi.volunteers(), [])
  const [pick, setPick] = useState(0)
  const [minutes, setMinutes] = useState('')
  const [reason, setReason] = useState('')
  const [busy, setBusy] = useState(false)
  const [msg, setMsg] = useState<{ kind: 'error' | 'success'; text: string } | null>(null)
  const items = vols.data?.items ?? []
  const chosen = items[pick]
  return (
    <StateView loading={vols.loading} error={vols.error} empty={items.length === 0} emptyText='还没有认证的志愿者' onRetry={vols.reload}>
      <Picker mode='selector' range={items.map((v) => `${v.name}（${v.communityName}）`)} value={pick} onChange={(e) => setPick(Number(e.detail.value))}>
        <View className='lp-input'>{`志愿者：${chosen?.name ?? '请选择'}`}</View>
      </Picker>
      <Input className='lp-input tb-adjust-minutes' type='text' placeholder='分钟数，补记填正数，扣减填负数（如 -30）' value={minutes} onInput={(e) => setMinutes(e.detail.value)} />
      <Input className='lp-input tb-adjust-reason' placeholder='理由（必填），如：补记 10 月纸质登记' value={reason} onInput={(e) => setReason(e.detail.value)} />
      <Btn
        className='tb-adjust-submit'
        busy={busy}
        disabled={!chosen}
        onClick={() =>
          void (async () => {
            setBusy(true)
            setMsg(null)
            try {
              const r = await timebankStaffApi.adjust(chosen!.id, Number(minutes), reason.trim())
              setMsg({ kind: 'success', text: `已调整，${chosen!.name}现有 ${minutesLabel(r.balanceMinutes)}` })
              setMinutes('')
              setReason('')
            } catch (e) {
              setMsg({ kind: 'error', text: messageOf(e) })
            } finally {
              setBusy(false)
            }
          })()
        }
      >
        确认调整
      </Btn>
      <Message kind={msg?.kind} text={msg?.text} />
    </StateView>
  )
}

function thisMonth(): string {
  const d = new Date(Date.now() + 8 * 3_600_000) // Shanghai
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`
}

function Report() {
  const [month, setMonth] = useState(thisMonth)
  const report = useAsync(() => timebankStaffApi.monthly(month), [month])
  const [busy, setBusy] = useState(false)
  const [msg, setMsg] = useState<{ kind: 'error' | 'success'; text: string } | null>(null)
  const rows = report.data?.rows ?? []
  return (
    <View>
      <Picker mode='date' fields='month' value={month} onChange={(e) => setMonth(String(e.detail.value).slice(0, 7))}>
        <View className='lp-input tb-month'>{`月份：${month}`}</View>
      </Picker>
      <Btn
        className='tb-report-download'
        busy={busy}
        onClick={() =>
          void (async () => {
            setBusy(true)
            setMsg(null)
            try {
              await downloadMonthlyHoursXlsx(month)
              setMsg({ kind: 'success', text: '已导出月度时长报表（xlsx）' })
            } catch (e) {
              setMsg({ kind: 'error', text: messageOf(e) })
            } finally {
              setBusy(false)
            }
          })()
        }
      >
        {busy ? '正在生成…' : '下载报表（xlsx）'}
      </Btn>
      <Message kind={msg?.kind} text={msg?.text} />
      <StateView loading={report.loading} error={report.error} empty={rows.length === 0} emptyText='这个月还没有确认的志愿服务' onRetry={report.reload}>
        <View className='tb-table'>
          <View className='tb-tr tb-th'>
            <Text className='tb-td'>志愿者</Text>
            <Text className='tb-td'>社区</Text>
            <Text className='tb-td'>次数</Text>
            <Text className='tb-td'>时长</Text>
            <Text className='tb-td'>调整</Text>
          </View>
          {rows.map((r) => (
            <View key={`${r.volunteerId}-${r.communityName}`} className='tb-tr'>
              <Text className='tb-td'>{r.name}</Text>
              <Text className='tb-td'>{r.communityName}</Text>
              <Text className='tb-td'>{r.services}</Text>
              <Text className='tb-td'>{minutesLabel(r.minutes)}</Text>
              <Text className='tb-td'>{r.adjustMinutes ? `${r.adjustMinutes > 0 ? '+' : ''}${r.adjustMinutes} 分钟` : '—'}</Text>
            </View>
          ))}
          <View className='tb-tr tb-th'>
            <Text className='tb-td'>合计</Text>
            <Text className='tb-td' />
            <Text className='tb-td'>{report.data?.totalServices ?? 0}</Text>
            <Text className='tb-td'>{minutesLabel(report.data?.totalMinutes ?? 0)}</Text>
            <Text className='tb-td' />
          </View>
        </View>
      </StateView>
    </View>
  )
}

/** 工作台 · 时间银行: 派单, disputes, far check-ins, volunteer verification, adjustments, the monthly report. */
export default function TimebankStaffPage() {
  const [tab, setTab] = useState<Tab>('open')
  return (
    <Page title='时间银行 · 工作台' className='tb-staff'>
      <View className='tb-tabs'>
        {TABS.map((t) => (
          <Btn key={t.key} kind={tab === t.key ? 'primary' : 'plain'} className='tb-tab' onClick={() => setTab(t.key)}>
            {t.label}
          </Btn>
        ))}
      </View>
      <Section title={TABS.find((t) => t.key === tab)!.label}>
        {tab === 'open' || tab === 'disputed' || tab === 'review' ? (
          <RequestList status={tab} />
        ) : tab === 'volunteers' ? (
          <Applications />
        ) : tab === 'adjust' ? (
          <Adjust />
        ) : (
          <Report />
        )}
      </Section>
    </Page>
  )
}
