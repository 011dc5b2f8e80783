import { View, Text } from '@tarojs/components'

/**
 * The last two weeks of water use as plain bars (one per day, no numbers to read): a day far below
 * the usual shows in orange, so a daughter far away sees at a glance whether the pattern changed.
 */
export function UsageBars({ days }: { days: { date: string; litres: number }[] }) {
  const sorted = [...days.map((d) => d.litres)].sort((a, b) => a - b)
  const usual = sorted.length ? sorted[Math.floor(sorted.length / 2)] : 0
  const max = Math.max(1, ...days.map((d) => d.litres))
  return (
    <View>
      <View className='care-bars' ariaLabel='最近两周每天用水'>
        {days.map((d) => (
          <View key={d.date} className='care-bar-col'>
            <View className={`care-bar ${usual > 0 && d.litres < usual * 0.4 ? 'care-bar-low' : ''}`} style={{ height: `${Math.round((d.litres / max) * 100)}%` }} />
            <Text className='care-bar-label'>{Number(d.date.slice(8))}</Text>
          </View>
        ))}
      </View>
      <Text className='lp-hint lp-block'>蓝色：和平时差不多；橙色：比平时少很多</Text>
    </View>
  )
}
