import Taro from '@tarojs/taro'
import { View, Text, Image } from '@tarojs/components'
import { useElderMode } from '../stores/elder-mode'
import './index.scss'

/** The three tabs (the same as app.config.ts tabBar.list, which weapp still needs). */
export const TABS = [
  { path: 'pages/index/index', text: '首页', icon: 'home' },
  { path: 'pages/report/index', text: '随手拍', icon: 'report' },
  { path: 'pages/me/index', text: '我的', icon: 'me' },
] as const

function currentPath(): string {
  const pages = Taro.getCurrentPages()
  return String(pages[pages.length - 1]?.route ?? '').replace(/^\//, '')
}

/**
 * weapp's tab bar (app.config.ts: tabBar.custom on weapp only; H5 keeps Taro's own, styled in
 * app.scss). The native one cannot grow: in 长辈模式 this one has ≥ 18 px labels, icons and a ≥ 60 px
 * bar. weapp gives every tab page its own instance, so the tab chosen is the page it sits under.
 */
export default function CustomTabBar() {
  const elder = useElderMode()
  const here = currentPath()
  return (
    <View className={`ctb ${elder ? 'ctb-elder' : ''}`} ariaRole='tablist'>
      {TABS.map((t) => {
        const on = t.path === here
        return (
          <View key={t.path} className={`ctb-item ${on ? 'ctb-on' : ''}`} ariaRole='tab' ariaLabel={t.text} onClick={() => !on && void Taro.switchTab({ url: `/${t.path}` })}>
            <Image className='ctb-icon' src={`/assets/tabbar/${t.icon}${on ? '-active' : ''}.png`} />
            <Text className='ctb-label'>{t.text}</Text>
          </View>
        )
      })}
    </View>
  )
}

// Taro copies these off the component into Component({...}); the mini-program's Component() wants
// `behaviors` to be an array (Taro's default is {}, which strict implementations such as
// miniprogram-simulate refuse).
Object.assign(CustomTabBar, { behaviors: [] })
