import { useState } from 'react'
import { useDidShow } from '@tarojs/taro'
import type { TCategoryCode, TReportStatus, TReportSummary } from '@contracts/reports'
import { reportsApi } from '@/api/reports'
import { useAction } from '@/hooks/use-action'
import { useAsync } from '@/hooks/use-async'

/** The queue under its filter: the first page (reloaded on show), then 加载更多 page by page. */
export function useQueue() {
  const [status, setStatus] = useState<TReportStatus | undefined>(undefined)
  const [category, setCategory] = useState<TCategoryCode | undefined>(undefined)
  const [overdue, setOverdue] = useState(false)
  // pages after the first (加载更多), keyed to the filter they were loaded for
  const [more, setMore] = useState<TReportSummary[]>([])
  const [cursor, setCursor] = useState<string | null>(null)
  const loading = useAction()
  const filter = { status, category, overdue: overdue ? ('true' as const) : undefined }
  const q = useAsync(async () => {
    const page = await reportsApi.queue(filter)
    setMore([])
    setCursor(page.nextCursor)
    loading.say(null)
    return page
  }, [status, category, overdue])
  useDidShow(() => q.reload())
  const loadMore = async () => {
    if (!cursor || loading.busy) return
    await loading.act(async () => {
      const page = await reportsApi.queue({ ...filter, cursor })
      setMore((m) => [...m, ...page.items])
      setCursor(page.nextCursor)
    })
  }
  return {
    filter,
    status,
    setStatus,
    category,
    setCategory,
    overdue,
    setOverdue,
    q,
    items: [...(q.data?.items ?? []), ...more],
    cursor,
    loadMore,
    loadingMore: loading.busy,
    moreError: loading.error,
  }
}
