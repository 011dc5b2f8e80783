import type { ReactNode } from 'react'
import { View, Picker } from '@tarojs/components'
import type { TCommunityList } from '@contracts/org'
import { api } from '@/api'
import { useAsync } from '@/hooks/use-async'
import { StateView } from './StateView'

export type TCommunityOption = TCommunityList['items'][number]

/**
 * Pick one of the street's communities (the public list): a resident choosing where they live,
 * staff registering an elder or opening a campaign. Not the staff scope chooser (CommunityPicker).
 * `trigger` replaces the default field face ("请选择" / the chosen name).
 */
export function CommunitySelect({
  value,
  onChange,
  emptyText = '没有可选的社区',
  withCluster = false,
  trigger,
}: {
  value?: string
  onChange: (c: TCommunityOption) => void
  emptyText?: string
  /** label each community with its 片区: 东湖社区（东片区） */
  withCluster?: boolean
  trigger?: ReactNode
}) {
  const list = useAsync(() => api.communities(), [])
  const items = list.data?.items ?? []
  const current = items.find((c) => c.id === value)
  return (
    <StateView loading={list.loading} error={list.error} empty={items.length === 0} emptyText={emptyText} onRetry={list.reload}>
      <Picker
        mode='selector'
        range={items.map((c) => (withCluster ? `${c.name}（${c.clusterName}）` : c.name))}
        onChange={(e) => {
          const c = items[Number(e.detail.value)]
          if (c) onChange(c)
        }}
      >
        {trigger ?? <View className='lp-picker'>{current?.name ?? '请选择'}</View>}
      </Picker>
    </StateView>
  )
}
