import { api } from '@/api'
import { ListSection } from '@/components'
import { useAsync } from '@/hooks/use-async'
import { PendingLink } from './pending-link'

export function PendingLinks() {
  const list = useAsync(() => api.staffPendingLinks(), [])
  const items = list.data?.items ?? []
  return (
    <ListSection title='待确认的亲情绑定' state={list} empty={items.length === 0} emptyText='没有待确认的绑定申请'>
      {items.map((l) => (
        <PendingLink key={l.id} link={l} onDone={list.reload} />
      ))}
    </ListSection>
  )
}
