import type { ReactNode } from 'react'
import { View, Text } from '@tarojs/components'
import { messageOf } from '../api'
import { Btn } from './Btn'

/** Loading / error (with 重试) / empty for a list; renders children when there is something. */
export function StateView({ loading, error, empty, emptyText, onRetry, children }: { loading: boolean; error: unknown; empty: boolean; emptyText: string; onRetry: () => void; children?: ReactNode }) {
  if (error) {
    return (
      <View className='lp-state lp-state-error'>
        <Text className='lp-state-text'>{messageOf(error)}</Text>
        <Btn kind='secondary' onClick={onRetry}>
          重试
        </Btn>
      </View>
    )
  }
  if (loading && empty) {
    return (
      <View className='lp-state lp-state-loading'>
        <Text className='lp-state-text'>正在加载…</Text>
      </View>
    )
  }
  if (empty) {
    return (
      <View className='lp-state lp-state-empty'>
        <Text className='lp-state-text'>{emptyText}</Text>
      </View>
    )
  }
  return <>{children}</>
}
