import { View, Text } from '@tarojs/components'
import { api } from '@/api'
import { StateView } from '@/components'
import { useAsync } from '@/hooks/use-async'
import { shanghaiDateTime } from '@/utils/shanghai'
import { openLink } from '@/utils/open-link'

/** 消息: newest first; each opens what it is about. */
export function Notices() {
  // opening the list marks everything read; the list itself still shows which were new
  const list = useAsync(async () => {
    const page = await api.notices()
    if (page.items.some((n) => !n.readAt)) await api.markNoticesRead()
    return page
  }, [])
  const items = list.data?.items ?? []
  return (
    <StateView loading={list.loading} error={list.error} empty={items.length === 0} emptyText='没有消息' onRetry={list.reload}>
      {items.map((n) => (
        // every notice opens its object (the report, the booking, the service)
        <View key={n.id} className={`lp-card me-notice ${n.readAt ? '' : 'is-unread'}`} onClick={() => void openLink(n.link)}>
          <Text className='lp-label'>{n.title}</Text>
          <Text className='lp-body lp-block'>{n.body}</Text>
          <Text className='lp-hint'>{`${shanghaiDateTime(n.createdAt)} · 查看 ›`}</Text>
        </View>
      ))}
    </StateView>
  )
}
