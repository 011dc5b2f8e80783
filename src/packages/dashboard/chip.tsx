import { View, Text } from '@tarojs/components'

/** A choice among a few (unit, period, filter): the chosen one is outlined. */
export function Chip({ on, label, onTap }: { on: boolean; label: string; onTap: () => void }) {
  return (
    <View className={`db-chip ${on ? 'db-chip-on' : ''}`} ariaRole='button' ariaLabel={label} onClick={onTap}>
      <Text>{label}</Text>
    </View>
  )
}
