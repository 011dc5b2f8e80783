import { reportsApi } from '@/api/reports'
import { ReportRow } from '@/pages/report/parts'
import { Page, StateView } from '@/components'
import { useAsync } from '@/hooks/use-async'
import './index.scss'

export default function MyReportsPage() {
  const list = useAsync(() => reportsApi.mine(), [])
  const items = list.data?.items ?? []
  return (
    <Page title='我的上报'>
      <StateView loading={list.loading} error={list.error} empty={items.length === 0} emptyText='您还没有上报过问题' onRetry={list.reload}>
        {items.map((r) => (
          <ReportRow key={r.id} r={r} url={`/packages/reports/detail/index?id=${r.id}`} />
        ))}
      </StateView>
    </Page>
  )
}
