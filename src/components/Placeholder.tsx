import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { Page } from './Page'
import { Btn } from './Btn'

/** A domain that is not open yet: say plainly what will come, show nothing invented. */
export function Placeholder({ title, description }: { title: string; description: string }) {
  return (
    <Page title={title}>
      <View className='lp-card'>
        <Text className='lp-badge'>即将开放</Text>
        <Text className='lp-body lp-block'>{description}</Text>
      </View>
      <Btn kind='secondary' onClick={() => void Taro.switchTab({ url: '/pages/index/index' })}>
        返回首页
      </Btn>
    </Page>
  )
}
