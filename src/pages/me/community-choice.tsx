import { View } from '@tarojs/components'
import { api } from '@/api'
import { CommunitySelect, Message } from '@/components'
import { useAction } from '@/hooks/use-action'
import { setMe } from '@/stores/session'

/** A resident without a community picks theirs; saved to the account at once. */
export function CommunityChoice() {
  const { busy, error, act } = useAction()
  return (
    <View className='me-community-pick'>
      <CommunitySelect
        withCluster
        emptyText='暂时没有可选的社区'
        onChange={(c) => void act(async () => setMe(await api.updateMe({ communityId: c.id })))}
        trigger={<View className='lp-btn lp-btn-secondary'>{busy ? '正在保存…' : '选择所在社区'}</View>}
      />
      <Message kind='error' text={error} />
    </View>
  )
}
