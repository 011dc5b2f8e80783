import { View, Picker } from '@tarojs/components'

/**
 * A date or time field: at a desk (H5) the browser's own date/time input — type or click, no wheel
 * dragging; in the mini-program WeChat's picker. Values are 'YYYY-MM-DD' / 'HH:mm'.
 */
export function DateTimeField({ mode, value, onChange, label, className }: { mode: 'date' | 'time'; value: string; onChange: (v: string) => void; label: string; className?: string }) {
  if (process.env.TARO_ENV === 'h5') {
    return (
      <input
        className={`lp-input lp-native-${mode} ${className ?? ''}`}
        type={mode}
        value={value}
        aria-label={label}
        onChange={(e) => {
          if (e.currentTarget.value) onChange(e.currentTarget.value)
        }}
      />
    )
  }
  return (
    <Picker mode={mode} value={value} onChange={(e) => onChange(String(e.detail.value))}>
      <View className={`lp-picker ${className ?? ''}`}>
        {label} {value}
      </View>
    </Picker>
  )
}
