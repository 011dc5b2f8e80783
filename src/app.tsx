import { type PropsWithChildren } from 'react'
import Taro, { useLaunch } from '@tarojs/taro'
import { initCloud } from './api/transport'
import { installPrivacyHandler } from './stores/privacy'
import './app.scss'

// Registered as soon as the bundle runs (before any page): WeChat may ask on the first page's
// first privacy API call.
installPrivacyHandler(() => {
  void Taro.navigateTo({ url: '/pages/consent/index?from=wechat' })
})

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    initCloud()
  })
  return children
}

export default App
