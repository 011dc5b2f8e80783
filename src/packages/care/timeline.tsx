import { View, Text } from '@tarojs/components'
import type { TCareEvent } from '../../../types/care'
import { shanghaiDateTime } from '../../utils/shanghai'

const ACTION: Record<string, string> = {
  raised: '发出预警',
  notified: '通知',
  escalated: '升级',
  acknowledged: '接手处理',
  checked_in: '上门签到',
  closed: '结束',
  threshold_widened: '调整门槛',
}

/** Everything that happened to an alert, oldest first (like a 随手拍 case). */
export function Timeline({ events }: { events: TCareEvent[] }) {
  return (
    <View className='care-timeline'>
      {events.map((e, i) => (
        <View key={i} className='care-event'>
          <Text className='lp-hint'>
            {shanghaiDateTime(e.at).slice(5)} · {ACTION[e.action] ?? e.action}
            {e.actorName ? ` · ${e.actorName}` : ''}
          </Text>
          <Text className='lp-body lp-block'>{e.note}</Text>
        </View>
      ))}
    </View>
  )
}
