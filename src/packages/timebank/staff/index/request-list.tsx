import { timebankStaffApi } from '@/api/timebank'
import { StateView } from '@/components'
import { useAsync } from '@/hooks/use-async'
import { DisputeCard } from './dispute-card'
import { OpenCard } from './open-card'
import { ReviewCard } from './review-card'

/** The requests waiting for staff in one tab (待派单, 有异议, 签到复核). */
export function RequestList({ status }: { status: 'open' | 'disputed' | 'review' }) {
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
