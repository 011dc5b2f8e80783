import type { PropsWithChildren, ReactNode } from 'react'
import { View, Text } from '@tarojs/components'

export function Section({ title, extra, children }: PropsWithChildren<{ title: string; extra?: ReactNode }>) {
  return (
    <View className='lp-section'>
      <View className='lp-section-head'>
        <Text className='lp-section-title'>{title}</Text>
        {extra}
      </View>
      {children}
    </View>
  )
}
