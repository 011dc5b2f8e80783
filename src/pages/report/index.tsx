import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { Btn, Page } from '../../components'

export default function ReportTabPage() {
  return (
    <Page title='随手拍'>
      <View className='lp-card'>
        <Text className='lp-badge'>即将开放</Text>
        <Text className='lp-body lp-block'>
          看到路灯坏了、垃圾堆放、井盖破损等问题，拍张照片、标好位置就能报给社区，并随时查看处理进度。
        </Text>
      </View>
      <Btn kind='secondary' onClick={() => void Taro.navigateTo({ url: '/packages/reports/index/index' })}>
        了解随手拍
      </Btn>
    </Page>
  )
}
