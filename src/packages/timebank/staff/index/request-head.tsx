import { View, Text } from '@tarojs/components'
import type { TServiceRequest } from '@contracts/timebank'
import { whenLabel } from '@/api/timebank'

/** What a request is, for whom, when and where (and who asked on the elder's behalf). */
export function RequestHead({ r }: { r: TServiceRequest }) {
  return (
    <View>
      <Text className='tb-line'>{`${r.serviceTypeLabel} · ${r.elderName}`}</Text>
      <Text className='tb-sub'>{`${whenLabel(r.startsAt)} · ${r.address}`}</Text>
      {r.notes ? <Text className='tb-sub'>{`备注：${r.notes}`}</Text> : null}
      {r.requestedBy !== r.elderId ? <Text className='tb-sub'>{`代为申请：${r.requestedByName}`}</Text> : null}
    </View>
  )
}
