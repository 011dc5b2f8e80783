import { timebankStaffApi } from '@/api/timebank'
import { StateView } from '@/components'
import { useAsync } from '@/hooks/use-async'
import { ApplicationCard } from './application-card'

/** Volunteer applications waiting for verification. */
export function Applications() {
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
