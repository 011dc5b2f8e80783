import { useState } from 'react'
import { View } from '@tarojs/components'
import { REPORT_CATEGORIES, STATUS_LABELS, type TReportStatus } from '@contracts/reports'
import { Section } from '@/components'
import { Chip } from './chip'
import type { useQueue } from './use-queue'

const STATUS_FILTERS: TReportStatus[] = ['submitted', 'accepted', 'assigned', 'escalated', 'dispatched', 'in_progress', 'reopened', 'resolved']

/** 筛选: all open, only overdue, one status, one category. */
export function Filters({ queue }: { queue: ReturnType<typeof useQueue> }) {
  const { status, setStatus, category, setCategory, overdue, setOverdue } = queue
  const [showCats, setShowCats] = useState(false)
  return (
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
  )
}
