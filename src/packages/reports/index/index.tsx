import Taro from '@tarojs/taro'
import { Text } from '@tarojs/components'
import { Btn, Page } from '@/components'

export default function ReportsPage() {
  return (
    <Page title='随手拍'>
      <Text className='lp-hint'>拍照上报身边的问题，自动附上位置，社区受理、派单、办结的每一步都会告诉您。</Text>
      <Btn onClick={() => void Taro.switchTab({ url: '/pages/report/index' })}>拍照上报</Btn>
      <Btn kind='secondary' onClick={() => void Taro.navigateTo({ url: '/packages/reports/mine/index' })}>
        我的上报
      </Btn>
      <Btn kind='secondary' onClick={() => void Taro.navigateTo({ url: '/packages/reports/community/index' })}>
        社区里的问题
      </Btn>
    </Page>
  )
}
