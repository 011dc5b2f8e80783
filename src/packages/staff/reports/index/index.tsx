import { useState } from 'react'
import { useDidShow } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { REPORT_CATEGORIES, STATUS_LABELS, type TCategoryCode, type TReportStatus } from '../../../../../types/reports'
import { reportsApi } from '../../../../api/reports'
import { Page, Section, StateView } from '../../../../components'
import { useAsync } from '../../../../hooks/use-async'
import { ReportRow } from '../../../../pages/report/parts'
import './index.scss'

const STATUS_FILTERS: TReportStatus[] = ['submitted', 'accepted', 'assigned', 'escalated', 'dispatched', 'in_progress', 'reopened', 'resolved']

function Chip({ on, label, onClick }: { on: boolean; label: string; onClick: () => void }) {
  return (
    <View className={`lp-choice ${on ? 'rp-choice-on' : ''}`} ariaRole='radio' onClick={onClick}>
      <Text>{label}</Text>
    </View>
  )
}

export default function StaffReportsQueuePage() {
  const [status, setStatus] = useState<TReportStatus | undefined>(undefined)
  const [category, setCategory] = useState<TCategoryCode | undefined>(undefined)
  const [overdue, setOverdue] = useState(false)
  const [showCats, setShowCats] = useState(false)
  const q = useAsync(() => reportsApi.queue({ status, category, overdue: overdue ? 'true' : undefined }), [status, category, overdue])
  useDidShow(() => q.reload())
  const items = q.data?.items ?? []
  const counts = q.data?.counts
  return (
    <Page title='随手拍工单'>
      <View className='lp-card sr-counts'>
        <Text className='lp-badge'>待办 {counts?.open ?? '–'}</Text>
        <Text className='lp-badge'>待受理 {counts?.submitted ?? '–'}</Text>
        <Text className='lp-badge rp-overdue'>已超时 {counts?.overdue ?? '–'}</Text>
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
      <Text className='lp-hint'>按处理期限排序，最急的在最前面。</Text>
      <StateView loading={q.loading} error={q.error} empty={items.length === 0} emptyText='没有符合条件的工单' onRetry={q.reload}>
        {items.map((r) => (
          <ReportRow key={r.id} r={r} url={`/packages/staff/reports/detail/index?id=${r.id}`} />
        ))}
      </StateView>
      {q.loading && items.length > 0 ? <Text className='lp-hint'>正在刷新…</Text> : null}
    </Page>
  )
}
