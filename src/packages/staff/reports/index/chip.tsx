import { View, Text } from '@tarojs/components'

/** A filter or choice chip (one of several, radio-like). */
export function Chip({ on, label, onClick }: { on: boolean; label: string; onClick: () => void }) {
  return (
    <View className={`lp-choice ${on ? 'rp-choice-on' : ''}`} ariaRole='radio' onClick={onClick}>
      <Text>{label}</Text>
    </View>
  )
}
