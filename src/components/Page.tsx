import type { PropsWithChildren } from 'react'
import { View, Text } from '@tarojs/components'
import { useElderMode } from '../stores/elder-mode'

/** Root of every page: carries the theme and 长辈模式 class (`page {}` styles don't reach H5). */
export function Page({ title, children, className }: PropsWithChildren<{ title?: string; className?: string }>) {
  const elder = useElderMode()
  return (
    <View className={`lp ${elder ? 'elder' : 'normal'} ${className ?? ''}`} data-elder={elder ? '1' : '0'}>
      {title ? <Text className='lp-title'>{title}</Text> : null}
      {children}
    </View>
  )
}
