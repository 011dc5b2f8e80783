import { View, Text } from '@tarojs/components'
import { checkupsStaffApi } from '@/api/checkups'
import { ListSection } from '@/components'
import { useAsync } from '@/hooks/use-async'
import { whenLabel } from '@/packages/checkups/time'

/** 候补: who is waiting for which session, and open offers. */
export function Waitlist({ campaignId }: { campaignId: string }) {
  const list = useAsync(() => checkupsStaffApi.waitlist(campaignId), [campaignId])
  const items = list.data?.items ?? []
  return (
    <ListSection title='候补名单' state={list} empty={items.length === 0} emptyText='没有人在候补'>
      {items.map((w) => (
        <View key={w.id} className='lp-card'>
          <Text className='cks-line'>
            {w.elderName}
            <Text className='cks-status'>{w.status === 'offered' ? '已让出名额，待确认' : `排第 ${w.position ?? '?'} 位`}</Text>
          </Text>
          <Text className='cks-sub'>
            {whenLabel(w.session.startsAt)} · {w.session.place}
          </Text>
          {w.offerExpiresAt ? <Text className='cks-sub'>名额保留到 {whenLabel(w.offerExpiresAt)}</Text> : null}
        </View>
      ))}
    </ListSection>
  )
}
