import { View, Text } from '@tarojs/components'
import type { TElder } from '@contracts'
import { BindCode } from './bind-code'

export function ElderCard({ elder }: { elder: TElder }) {
  return (
    <View className='lp-card staff-elder'>
      <Text className='lp-label'>
        {elder.name}
        {elder.age !== null ? `（${elder.age} 岁）` : ''}
      </Text>
      <Text className='lp-hint'>身份证：{elder.idNumberMasked ?? '—'}</Text>
      <Text className='lp-hint'>
        {elder.communityName ?? ''} {elder.address ?? ''}
      </Text>
      <Text className='lp-hint'>手机：{elder.phoneMasked ?? '无'}</Text>
      <BindCode elder={elder} />
    </View>
  )
}
