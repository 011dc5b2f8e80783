import { type PropsWithChildren } from 'react'
import Taro, { useLaunch } from '@tarojs/taro'
import { initCloud } from './api/transport'
import { installPrivacyHandler } from './stores/privacy'
import { getToken } from './api/session'
import { loadMe } from './stores/session'
import './app.scss'

// Registered as soon as the bundle runs (before any page): WeChat may ask on the first page's
// first privacy API call.
installPrivacyHandler(() => {
  void Taro.navigateTo({ url: '/pages/consent/index?from=wechat' })
})

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    initCloud()
    // whatever page opened first (a link, a refresh): know who this is, so 长辈模式 and the
    // staff-only parts follow the account, not just the pages that happen to ask
    if (getToken()) void loadMe()
  })
  return children
}

export default App
