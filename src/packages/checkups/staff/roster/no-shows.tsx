import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { checkupsStaffApi } from '@/api/checkups'
import { Btn, ListSection } from '@/components'
import { useAsync } from '@/hooks/use-async'
import { whenLabel } from '@/packages/checkups/time'

/** 未到场回访: who did not come, with the numbers to call (the elder's and family's). */
export function NoShows({ campaignId }: { campaignId: string }) {
  const list = useAsync(() => checkupsStaffApi.noShows(campaignId), [campaignId])
  const items = list.data?.items ?? []
  const call = (phone: string) => void Taro.makePhoneCall({ phoneNumber: phone }).catch(() => undefined)
  return (
    <ListSection title='未到场，需要回访' state={list} empty={items.length === 0} emptyText='没有未到场的老人'>
      {items.map((r) => (
        <View key={r.bookingId} className='lp-card'>
          <Text className='cks-line'>
            {r.elderName}
            {r.age !== null ? `（${r.age} 岁）` : ''}
          </Text>
          <Text className='cks-sub'>
            约在 {whenLabel(r.session.startsAt)} · {r.session.place}
          </Text>
          <Text className='cks-sub'>{r.address ?? ''}</Text>
          {r.phone ? (
            <Btn kind='secondary' onClick={() => call(r.phone!)}>
              打给本人 {r.phone}
            </Btn>
          ) : (
            <Text className='cks-sub'>本人没有电话</Text>
          )}
          {r.familyContacts
            .filter((f) => f.phone)
            .map((f) => (
              <Btn key={`${f.name}${f.phone}`} kind='secondary' onClick={() => call(f.phone!)}>
                打给家属 {f.name} {f.phone}
              </Btn>
            ))}
        </View>
      ))}
    </ListSection>
  )
}
