import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import type { TServiceContacts, TServiceRequest } from '@contracts/timebank'
import { timebankApi } from '@/api/timebank'
import { Btn, Message } from '@/components'
import { useAction } from '@/hooks/use-action'

/**
 * 联系对方 for the volunteer who accepted: the number is fetched only on tap (the server records who
 * looked), then each contact is one tap to call.
 */
export function Contact({ r }: { r: TServiceRequest }) {
  const [contacts, setContacts] = useState<TServiceContacts['contacts'] | null>(null)
  const { busy, error, act } = useAction()
  if (!['accepted', 'in_service', 'awaiting_confirmation', 'disputed'].includes(r.status)) return null
  if (!contacts) {
    return (
      <View className='tb-contact'>
        <Btn className='tb-contact-show' kind='secondary' busy={busy} onClick={() => void act(async () => setContacts((await timebankApi.contact(r.id)).contacts))}>
          联系对方
        </Btn>
        <Message kind='error' text={error ?? undefined} />
      </View>
    )
  }
  return (
    <View className='tb-contact'>
      {contacts.map((x) => (
        <Btn key={`${x.relation}${x.phone}`} kind='secondary' onClick={() => void Taro.makePhoneCall({ phoneNumber: x.phone }).catch(() => undefined)}>
          {`打电话给${x.relation} ${x.name} ${x.phone}`}
        </Btn>
      ))}
      <Text className='tb-sub'>电话只用于这次服务，请勿外传。</Text>
    </View>
  )
}
