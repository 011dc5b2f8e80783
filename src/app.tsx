import { type PropsWithChildren } from 'react'
import Taro, { useLaunch } from '@tarojs/taro'
import { initCloud } from './api/transport'
import { installPrivacyHandler } from './stores/privacy'
import './app.scss'

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    initCloud()
    installPrivacyHandler(() => {
      void Taro.navigateTo({ url: '/pages/consent/index?from=wechat' })
    })
  })
  return children
}

export default App
