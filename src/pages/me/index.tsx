import Taro, { useDidShow } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { Btn, Page, StateView } from '@/components'
import { loadMe, useMe } from '@/stores/session'
import { ElderModeToggle } from './elder-mode-toggle'
import { Profile } from './profile'
import './index.scss'

export default function MePage() {
  const state = useMe()
  useDidShow(() => {
    void loadMe()
  })

  return (
    <Page title='我的' className='me'>
      {!state.signedIn ? (
        <>
          <View className='lp-card'>
            <Text className='lp-body lp-block'>登录后可以查看积分、时间银行和亲情账户。</Text>
            <Btn className='me-login' onClick={() => void Taro.navigateTo({ url: '/pages/login/index' })}>
              登录
            </Btn>
          </View>
          <ElderModeToggle />
        </>
      ) : state.me ? (
        <Profile me={state.me} />
      ) : (
        <StateView loading={state.loading || !state.error} error={state.error} empty emptyText='' onRetry={() => void loadMe()} />
      )}
    </Page>
  )
}
