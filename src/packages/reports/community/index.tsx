import { Text } from '@tarojs/components'
import { reportsApi } from '@/api/reports'
import { Page, StateView } from '@/components'
import { useAsync } from '@/hooks/use-async'
import { ReportRow } from '@/pages/report/parts'
import './index.scss'

export default function CommunityReportsPage() {
  const list = useAsync(() => reportsApi.community(), [])
  const items = list.data?.items ?? []
  return (
    <Page title='社区里的问题'>
      <Text className='lp-hint'>大家上报的问题和处理进度（不显示上报人）。</Text>
      <StateView loading={list.loading} error={list.error} empty={items.length === 0} emptyText='社区里暂时没有正在处理的问题' onRetry={list.reload}>
        {items.map((r) => (
          <ReportRow key={r.id} r={r} url={`/packages/reports/detail/index?id=${r.id}`} />
        ))}
      </StateView>
    </Page>
  )
}
