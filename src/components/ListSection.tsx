import type { PropsWithChildren } from 'react'
import { Text } from '@tarojs/components'
import type { AsyncState } from '../hooks/use-async'
import { Section } from './Section'
import { StateView } from './StateView'

/** A section showing a list loaded with useAsync: 刷新 in its head, then loading / error (重试) / empty. */
export function ListSection({
  title,
  state,
  empty,
  emptyText,
  children,
}: PropsWithChildren<{ title: string; state: Pick<AsyncState<unknown>, 'loading' | 'error' | 'reload'>; empty: boolean; emptyText: string }>) {
  return (
    <Section
      title={title}
      extra={
        <Text className='lp-hint' onClick={state.reload}>
          刷新
        </Text>
      }
    >
      <StateView loading={state.loading} error={state.error} empty={empty} emptyText={emptyText} onRetry={state.reload}>
        {children}
      </StateView>
    </Section>
  )
}
