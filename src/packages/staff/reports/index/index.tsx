import { useState } from 'react'
import { useDidShow } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { REPORT_CATEGORIES, STATUS_LABELS, type TBulkResult, type TCategoryCode, type TReportStatus, type TReportSummary } from '@contracts/reports'
import { messageOf } from '@/api'
import { downloadQueueXlsx, reportsApi } from '@/api/reports'
import { Btn, Message, Page, Section, StateView } from '@/components'
import { useAsync } from '@/hooks/use-async'
import { ReportRow } from '@/pages/report/parts'
import { shortTime } from '@/api/reports'
import { useWide } from '@/hooks/use-wide'
import { StaffTicket } from '../ticket'
import './index.scss'

const STATUS_FILTERS: TReportStatus[] = ['submitted', 'accepted', 'assigned', 'escalated', 'dispatched', 'in_progress', 'reopened', 'resolved']

function Chip({ on, label, onClick }: { on: boolean; label: string; onClick: () => void }) {
  return (
    <View className={`lp-choice ${on ? 'rp-choice-on' : ''}`} ariaRole='radio' onClick={onClick}>
      <Text>{label}</Text>
    </View>
  )
}

/** A queue row in 批量 mode: tapping selects instead of opening the report. */
function SelectRow({ r, on, onToggle, result }: { r: TReportSummary; on: boolean; onToggle: () => void; result?: TBulkResult }) {
  return (
    <View className={`lp-card rp-item sr-select ${on ? 'sr-select-on' : ''}`} ariaRole='checkbox' onClick={onToggle}>
      <Text className='sr-box'>{on ? '☑' : '☐'}</Text>
      <View className='rp-item-body'>
        <View>
          <Text className='lp-badge'>{r.statusLabel}</Text>
          {r.overdue ? <Text className='lp-badge rp-overdue'>已超时</Text> : null}
        </View>
        <Text className='rp-strong'>
          {r.categoryName}：{r.description}
        </Text>
        <Text className='lp-hint'>{r.number}</Text>
        {result ? <Text className={result.ok ? 'rp-ok' : 'rp-err'}>{result.ok ? `已完成：${STATUS_LABELS[result.status!]}` : `未完成：${result.error?.message}`}</Text> : null}
      </View>
    </View>
  )
}

/** At a desk: the queue as a table; a click opens the ticket in the side panel. */
function QueueTable({ items, openId, onOpen }: { items: TReportSummary[]; openId: string | null; onOpen: (id: string) => void }) {
  return (
    <table className='sr-table'>
      <thead>
        <tr>
          <th>编号</th>
          <th>类别</th>
          <th>地点</th>
          <th>处理单位</th>
          <th>期限</th>
          <th>状态</th>
        </tr>
      </thead>
      <tbody>
        {items.map((r) => (
          <tr key={r.id} className={`sr-tr ${openId === r.id ? 'sr-tr-open' : ''}`} tabIndex={0} onClick={() => onOpen(r.id)} onKeyDown={(e) => (e.key === 'Enter' ? onOpen(r.id) : undefined)}>
            <td className='sr-td-number'>{r.number}</td>
            <td>
              <div className='sr-td-cat'>{r.categoryName}</div>
              <div className='sr-td-desc'>{r.description}</div>
            </td>
            <td>{r.place ?? '—'}</td>
            <td>{r.holder}</td>
            <td className={r.overdue ? 'sr-td-overdue' : ''}>
              {shortTime(r.deadlineAt)}
              {r.overdue ? <div>已超时</div> : null}
            </td>
            <td>{r.statusLabel}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

export default function StaffReportsQueuePage() {
  const wide = useWide()
  const [openId, setOpenId] = useState<string | null>(null)
  const [status, setStatus] = useState<TReportStatus | undefined>(undefined)
  const [category, setCategory] = useState<TCategoryCode | undefined>(undefined)
  const [overdue, setOverdue] = useState(false)
  const [showCats, setShowCats] = useState(false)
  // pages after the first (加载更多), keyed to the filter they were loaded for
  const [more, setMore] = useState<TReportSummary[]>([])
  const [cursor, setCursor] = useState<string | null>(null)
  const [loadingMore, setLoadingMore] = useState(false)
  const [moreError, setMoreError] = useState<string | null>(null)
  // 批量: selection, the chosen grid worker, per-report results
  const [selecting, setSelecting] = useState(false)
  const [selected, setSelected] = useState<string[]>([])
  const [assignee, setAssignee] = useState('')
  const [results, setResults] = useState<Record<string, TBulkResult>>({})
  const [busy, setBusy] = useState(false)
  const [msg, setMsg] = useState<{ kind: 'error' | 'success' | 'info'; text: string } | null>(null)
  const [exporting, setExporting] = useState(false)
  const filter = { status, category, overdue: overdue ? ('true' as const) : undefined }
  const q = useAsync(async () => {
    const page = await reportsApi.queue(filter)
    setMore([])
    setCursor(page.nextCursor)
    setMoreError(null)
    return page
  }, [status, category, overdue])
  const options = useAsync(() => reportsApi.options(), [selecting], selecting)
  useDidShow(() => q.reload())
  const items = [...(q.data?.items ?? []), ...more]
  const counts = q.data?.counts
  const cap = q.data?.countCap
  const badge = (n: number | undefined) => (n === undefined ? '–' : cap && n >= cap ? `${cap - 1}+` : String(n))

  const loadMore = async () => {
    if (!cursor || loadingMore) return
    setLoadingMore(true)
    setMoreError(null)
    try {
      const page = await reportsApi.queue({ ...filter, cursor })
      setMore((m) => [...m, ...page.items])
      setCursor(page.nextCursor)
    } catch (e) {
      setMoreError(messageOf(e))
    } finally {
      setLoadingMore(false)
    }
  }
  const toggle = (id: string) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]))
  const runBulk = async (action: 'accept' | 'assign') => {
    if (selected.length === 0) return setMsg({ kind: 'error', text: '请先勾选工单' })
    if (action === 'assign' && !assignee) return setMsg({ kind: 'error', text: '请先选择网格员' })
    setBusy(true)
    setMsg(null)
    try {
      const chosen = items.filter((r) => selected.includes(r.id)).map((r) => ({ id: r.id, version: r.version }))
      const res = await reportsApi.bulk({ action, items: chosen, ...(action === 'assign' ? { assigneeId: assignee } : {}) })
      setResults(Object.fromEntries(res.results.map((r) => [r.id, r])))
      setSelected(res.results.filter((r) => !r.ok).map((r) => r.id))
      setMsg({ kind: res.failed ? 'info' : 'success', text: `完成 ${res.succeeded} 条${res.failed ? `，${res.failed} 条没有完成（原因见各条）` : ''}` })
      q.reload()
    } catch (e) {
      setMsg({ kind: 'error', text: messageOf(e) })
    } finally {
      setBusy(false)
    }
  }
  const exportXlsx = async () => {
    setExporting(true)
    setMsg(null)
    try {
      await downloadQueueXlsx(filter)
      setMsg({ kind: 'success', text: '已导出当前筛选的工单（xlsx）' })
    } catch (e) {
      setMsg({ kind: 'error', text: messageOf(e) })
    } finally {
      setExporting(false)
    }
  }

  return (
    <Page title='随手拍工单' className={wide ? 'sr-desk-page' : ''}>
      <View className={wide ? 'sr-desk' : ''}>
      <View className={wide ? `sr-side ${openId ? 'sr-side-folded' : ''}` : ''}>
      <View className='lp-card sr-counts'>
        <Text className='lp-badge'>待办 {badge(counts?.open)}</Text>
        <Text className='lp-badge'>待受理 {badge(counts?.submitted)}</Text>
        <Text className='lp-badge rp-overdue'>已超时 {badge(counts?.overdue)}</Text>
      </View>
      <Section title='筛选'>
        <View>
          <Chip on={!status && !overdue} label='全部待办' onClick={() => (setStatus(undefined), setOverdue(false))} />
          <Chip on={overdue} label='只看超时' onClick={() => setOverdue(!overdue)} />
          {STATUS_FILTERS.map((s) => (
            <Chip key={s} on={status === s} label={STATUS_LABELS[s]} onClick={() => setStatus(status === s ? undefined : s)} />
          ))}
        </View>
        <View>
          <Chip on={showCats || Boolean(category)} label={category ? `类别：${REPORT_CATEGORIES.find((c) => c.code === category)?.name}` : '按类别'} onClick={() => setShowCats(!showCats)} />
          {showCats
            ? [
                <Chip key='all' on={!category} label='全部类别' onClick={() => (setCategory(undefined), setShowCats(false))} />,
                ...REPORT_CATEGORIES.map((c) => <Chip key={c.code} on={category === c.code} label={`${c.icon} ${c.name}`} onClick={() => (setCategory(c.code), setShowCats(false))} />),
              ]
            : null}
        </View>
      </Section>
      <View className='sr-tools'>
        <Btn kind='plain' onClick={() => (setSelecting(!selecting), setSelected([]), setResults({}), setMsg(null))}>
          {selecting ? '退出批量' : '批量处理'}
        </Btn>
        <Btn kind='plain' busy={exporting} onClick={() => void exportXlsx()}>
          {exporting ? '正在导出…' : '导出表格（xlsx）'}
        </Btn>
      </View>
      {selecting ? (
        <Section title={`批量处理（已选 ${selected.length} 条）`}>
          <Text className='lp-hint'>勾选下面的工单，再选择操作。每条单独办理，状态已变的会单独提示。</Text>
          <Btn busy={busy} onClick={() => void runBulk('accept')}>
            批量受理
          </Btn>
          <Text className='rp-strong'>派给网格员：</Text>
          <StateView loading={options.loading} error={options.error} empty={(options.data?.gridWorkers.length ?? 0) === 0} emptyText='没有可以指派的网格员' onRetry={options.reload}>
            {options.data?.gridWorkers.map((g) => (
              <Chip key={g.id} on={assignee === g.id} label={`${g.name}（${g.unitName}）`} onClick={() => setAssignee(g.id)} />
            ))}
          </StateView>
          <Btn kind='secondary' busy={busy} disabled={!assignee} onClick={() => void runBulk('assign')}>
            批量派给网格员
          </Btn>
        </Section>
      ) : null}
      </View>
      <View className={wide ? 'sr-main' : ''}>
      <Message kind={msg?.kind} text={msg?.text} />
      <Text className='lp-hint'>按处理期限排序，最急的在最前面。{wide && !selecting ? '点一行在右边打开。' : ''}</Text>
      <StateView loading={q.loading && items.length === 0} error={q.error} empty={items.length === 0} emptyText='没有符合条件的工单' onRetry={q.reload}>
        {wide && !selecting ? <QueueTable items={items} openId={openId} onOpen={setOpenId} /> : null}
        {(wide && !selecting ? [] : items).map((r) =>
          selecting ? (
            <SelectRow key={r.id} r={r} on={selected.includes(r.id)} onToggle={() => toggle(r.id)} result={results[r.id]} />
          ) : (
            <ReportRow key={r.id} r={r} url={`/packages/staff/reports/detail/index?id=${r.id}`} />
          ),
        )}
        {cursor ? (
          <Btn kind='secondary' busy={loadingMore} onClick={() => void loadMore()}>
            {loadingMore ? '正在加载…' : '加载更多'}
          </Btn>
        ) : items.length > 0 ? (
          <Text className='lp-hint'>已经到底了</Text>
        ) : null}
        {moreError ? <Message kind='error' text={`${moreError}，请再点一次「加载更多」`} /> : null}
      </StateView>
      {q.loading && items.length > 0 ? <Text className='lp-hint'>正在刷新…</Text> : null}
      </View>
      {wide && openId ? (
        <View className='sr-panel'>
          <View className='sr-panel-head'>
            <Text className='lp-section-title'>工单处理</Text>
            <Btn kind='plain' className='sr-panel-close' onClick={() => setOpenId(null)}>
              关闭（回到筛选）
            </Btn>
          </View>
          <StaffTicket key={openId} id={openId} onChanged={q.reload} />
        </View>
      ) : null}
      </View>
    </Page>
  )
}
