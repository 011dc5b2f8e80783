import type { PropsWithChildren } from 'react'
import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { useElderMode } from '../stores/elder-mode'
import { meStore } from '../stores/session'
import { goBack, isTabRoute } from '../utils/landing'

/** H5 has no navigation bar of its own: every page that is not a tab gets ‹ 返回. */
function BackButton() {
  if (process.env.TARO_ENV !== 'h5') return null
  const route = Taro.getCurrentInstance().router?.path ?? ''
  if (!route || isTabRoute(route)) return null
  return (
    <View className='lp-back' ariaRole='button' ariaLabel='返回上一页' onClick={() => void goBack(meStore.get().me)}>
      <Text>‹ 返回</Text>
    </View>
  )
}

/** Root of every page: carries the theme and 长辈模式 class (`page {}` styles don't reach H5). */
export function Page({ title, children, className }: PropsWithChildren<{ title?: string; className?: string }>) {
  const elder = useElderMode()
  return (
    <View className={`lp ${elder ? 'elder' : 'normal'} ${className ?? ''}`} data-elder={elder ? '1' : '0'}>
      <BackButton />
      {title ? <Text className='lp-title'>{title}</Text> : null}
      {children}
    </View>
  )
}
