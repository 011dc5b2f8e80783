import { useState } from 'react'
import { View, Text, Input } from '@tarojs/components'
import type { TVolunteerApplication } from '@contracts/timebank'
import { timebankStaffApi, whenLabel } from '@/api/timebank'
import { Btn, Message } from '@/components'
import { useAction } from '@/hooks/use-action'

/** 志愿者认证: verify (18 or older, identity checked) or refuse with a reason. */
export function ApplicationCard({ a, onDone }: { a: TVolunteerApplication; onDone: () => void }) {
  const { busy, error, act } = useAction(onDone)
  const [reason, setReason] = useState('')
  return (
    <View className='lp-card tb-staff-card'>
      <Text className='tb-line'>{`${a.name}${a.age !== null ? `，${a.age} 岁` : '，未登记出生日期'}`}</Text>
      {a.phone ? <Text className='tb-sub'>{`电话：${a.phone}`}</Text> : null}
      {a.skills ? <Text className='tb-sub'>{`特长：${a.skills}`}</Text> : null}
      <Text className='tb-sub'>{`申请时间：${whenLabel(a.createdAt)}`}</Text>
      <Input className='lp-input' placeholder='理由（不通过时必填）' value={reason} onInput={(e) => setReason(e.detail.value)} />
      <Btn busy={busy} onClick={() => void act(() => timebankStaffApi.decide(a.id, 'verify', reason.trim()))}>
        核实身份，认证为志愿者
      </Btn>
      <Btn kind='secondary' busy={busy} onClick={() => void act(() => timebankStaffApi.decide(a.id, 'reject', reason.trim()))}>
        不通过
      </Btn>
      <Message kind='error' text={error ?? undefined} />
    </View>
  )
}
