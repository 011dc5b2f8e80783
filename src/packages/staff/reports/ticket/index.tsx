import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import type { TReportDetail } from '@contracts/reports'
import { reportsApi } from '@/api/reports'
import { StateView } from '@/components'
import { useAsync } from '@/hooks/use-async'
import { Summary, Timeline } from '@/pages/report/parts'
import { CallReporter } from './call-reporter'
import { StaffActions } from './staff-actions'
import { WhereItIs } from './where-it-is'

/** One ticket with everything staff need: used by the 工单处理 page and the desk's side panel. */
export function StaffTicket({ id, onChanged }: { id: string; onChanged?: () => void }) {
  const res = useAsync(() => reportsApi.get(id), [id])
  const [fresh, setFresh] = useState<TReportDetail | null>(null)
  const r = fresh ?? res.data
  return (
    <>
      <StateView loading={res.loading} error={res.error} empty={!r} emptyText='没有找到这条工单' onRetry={res.reload}>
        {r ? (
          <>
            <Summary r={r} />
            <View className='lp-card'>
              <Text className='rp-line'>
                {r.gridName.startsWith(r.communityName) ? r.gridName : `${r.communityName} · ${r.gridName}`}
                {r.departmentName ? ` · ${r.departmentName}` : ''}
              </Text>
              {r.assigneeName ? <Text className='rp-line'>网格员：{r.assigneeName}</Text> : null}
              {r.reporter ? (
                <Text className='rp-line'>
                  上报人：{r.reporter.name}
                  {r.reporter.phoneMasked ? `（${r.reporter.phoneMasked}）` : ''}
                  {r.anonymous ? ' · 对公众匿名' : ''}
                </Text>
              ) : null}
              <CallReporter r={r} />
            </View>
            <WhereItIs r={r} />
            <StaffActions r={r} onChange={(next) => (setFresh(next), onChanged?.())} />
            <Timeline r={r} />
          </>
        ) : null}
      </StateView>
    </>
  )
}
