import { View, Text } from '@tarojs/components'

/** One figure with the period before beside it: ▲ / ▼ and the change. `better` says which way is good. */
export function FigureCard({
  label,
  value,
  previous,
  unit = '',
  better = 'up',
  onTap,
}: {
  label: string
  value: number | null
  previous?: number | null
  unit?: string
  better?: 'up' | 'down' | 'none'
  onTap?: () => void
}) {
  const shown = value === null ? '—' : `${value}${unit}`
  let delta: { text: string; good: boolean } | null = null
  // a figure about "now" has no period before; a missing one on either side is said so, not "持平"
  let note: string | null = previous === undefined ? null : value === null || previous === null ? '上期无数据' : '与上期持平'
  if (value !== null && previous !== null && previous !== undefined && value !== previous) {
    note = null
    const up = value > previous
    const diff = Math.round(Math.abs(value - previous) * 10) / 10
    delta = { text: `${up ? '▲' : '▼'} ${diff}${unit}`, good: better === 'none' ? true : up === (better === 'up') }
  }
  return (
    <View className={`db-card ${onTap ? 'db-card-tap' : ''}`} onClick={onTap} ariaRole={onTap ? 'button' : undefined} ariaLabel={`${label} ${shown}`}>
      <Text className='db-card-label'>{label}</Text>
      <Text className='db-card-value'>{shown}</Text>
      {delta ? <Text className={`db-card-delta ${delta.good ? 'db-good' : 'db-bad'}`}>{delta.text}</Text> : null}
      {note ? <Text className='db-card-delta'>{note}</Text> : null}
      {onTap ? <Text className='db-card-more'>查看明细 ›</Text> : null}
    </View>
  )
}
