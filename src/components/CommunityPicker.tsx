import type { PropsWithChildren } from 'react'
import { View, Text } from '@tarojs/components'
import type { TRole } from '@contracts/org'
import { api } from '../api'
import { useAsync } from '../hooks/use-async'
import { loadMe, useMe } from '../stores/session'
import { chooseStaffCommunity, useStaffCommunity } from '../stores/staff-community'
import { Btn } from './Btn'
import { StateView } from './StateView'

/**
 * For staff who cover several communities (片区负责人, 街道管理员): pick the one this page is about
 * before it loads; the choice is kept and can be changed here. Staff of one community see their
 * community's name and nothing to choose. Children render (and reload) once a community is set.
 */
export function CommunityPicker({ roles, children }: PropsWithChildren<{ roles: readonly TRole[] }>) {
  const { me, error: meError } = useMe()
  const chosen = useStaffCommunity()
  const mine = me?.roles.filter((r) => roles.includes(r.role)) ?? []
  // one community of their own: nothing to pick, the server knows it
  const single = mine.length === 1 && mine[0].role === 'community_staff'
  const units = useAsync(() => api.staffUnits(), [me?.user.id], Boolean(me) && !single)
  // who am I failed (offline, session ended): say so with 重试 instead of loading for ever
  if (!me) return <StateView loading={!meError} empty emptyText='' error={meError ? (meError as Error) : null} onRetry={() => void loadMe()} />
  if (single) return <>{children}</>
  const communities = (units.data?.items ?? []).filter((u) => u.kind === 'community')
  const current = chosen && chosen.userId === me.user.id && communities.some((c) => c.id === chosen.id) ? chosen : null
  if (current) {
    return (
      <View key={current.id}>
        <View className='lp-card cp-current'>
          <Text className='lp-body'>社区：{current.name}</Text>
          <Btn kind='plain' className='cp-change' onClick={() => chooseStaffCommunity(null)}>
            换一个社区
          </Btn>
        </View>
        {children}
      </View>
    )
  }
  return (
    <View className='lp-card cp-pick'>
      <Text className='lp-label'>您负责多个社区，先选一个：</Text>
      <StateView loading={units.loading} error={units.error} empty={communities.length === 0} emptyText='您的账号下没有社区' onRetry={units.reload}>
        {communities.map((c) => (
          <View key={c.id} className='lp-choice cp-choice' ariaRole='button' onClick={() => chooseStaffCommunity({ userId: me.user.id, id: c.id, name: c.name })}>
            <Text>{c.name}</Text>
          </View>
        ))}
      </StateView>
    </View>
  )
}
