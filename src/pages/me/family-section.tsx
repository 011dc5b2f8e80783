import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import type { TMeResponse } from '@contracts'
import { Btn, Section } from '@/components'
import { LinkRow } from './link-row'

/** 亲情账户: the bindings where I am the elder, then the elders I look after. */
export function FamilySection({ me }: { me: TMeResponse }) {
  const visible = me.familyLinks.filter((l) => l.status === 'pending' || l.status === 'active')
  const asMember = visible.filter((l) => l.memberId === me.user.id)
  const asElder = visible.filter((l) => l.elderId === me.user.id)
  return (
    <Section title='亲情账户'>
      {asElder.length > 0 ? <Text className='lp-hint'>家人与我的绑定</Text> : null}
      {asElder.map((l) => (
        <LinkRow key={l.id} link={l} me={me} />
      ))}
      {asMember.length > 0 ? <Text className='lp-hint'>我关注的老人</Text> : null}
      {asMember.map((l) => (
        <LinkRow key={l.id} link={l} me={me} />
      ))}
      {visible.length === 0 ? (
        <View className='lp-state lp-state-empty'>
          <Text className='lp-state-text'>还没有绑定的家人</Text>
        </View>
      ) : null}
      <Btn kind='secondary' onClick={() => void Taro.navigateTo({ url: '/packages/family/bind/index' })}>
        绑定家里老人
      </Btn>
    </Section>
  )
}
