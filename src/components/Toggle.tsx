import { View, Text } from '@tarojs/components'

/** An on/off row with a large target; built from View so it looks and behaves the same everywhere. */
export function Toggle({ label, hint, on, busy, onChange, className }: { label: string; hint?: string; on: boolean; busy?: boolean; onChange: (next: boolean) => void; className?: string }) {
  return (
    <View
      className={`lp-toggle ${on ? 'is-on' : 'is-off'} ${className ?? ''}`}
      ariaRole='switch'
      ariaLabel={`${label}：${on ? '已开启' : '已关闭'}`}
      onClick={() => {
        if (!busy) onChange(!on)
      }}
    >
      <View className='lp-toggle-text'>
        <Text className='lp-toggle-label'>{label}</Text>
        {hint ? <Text className='lp-hint'>{hint}</Text> : null}
      </View>
      <View className='lp-toggle-knob'>
        <Text>{busy ? '…' : on ? '开' : '关'}</Text>
      </View>
    </View>
  )
}
