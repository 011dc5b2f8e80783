import { View, Text } from '@tarojs/components'

/** Inline feedback instead of pop-ups (长辈模式 has none, and it reads better everywhere). */
export function Message({ kind = 'info', text }: { kind?: 'info' | 'error' | 'success'; text?: string | null }) {
  if (!text) return null
  return (
    <View className={`lp-msg lp-msg-${kind}`} ariaRole={kind === 'error' ? 'alert' : 'status'}>
      <Text>{text}</Text>
    </View>
  )
}
