import { useState } from 'react'
import { View, Text, Input } from '@tarojs/components'
import type { TServiceRequest } from '@contracts/timebank'
import { minutesLabel, timebankStaffApi } from '@/api/timebank'
import { Btn, Message } from '@/components'
import { useAction } from '@/hooks/use-action'
import { RequestHead } from './request-head'

/** 有异议: the elder's side disputed the minutes; staff settle with a reason. */
export function DisputeCard({ r, onDone }: { r: TServiceRequest; onDone: () => void }) {
  const { busy, error, act } = useAction(onDone)
  const [reason, setReason] = useState('')
  return (
    <View className='lp-card tb-staff-card'>
      <RequestHead r={r} />
      <Text className='tb-sub'>{`志愿者：${r.volunteerName ?? ''}，记录 ${minutesLabel(r.minutes ?? 0)}`}</Text>
      <Text className='tb-sub'>{`异议：${r.disputeReason ?? ''}`}</Text>
      <Input className='lp-input' placeholder='处理理由（必填），如：电话核实属实' value={reason} onInput={(e) => setReason(e.detail.value)} />
      <Btn busy={busy} onClick={() => void act(() => timebankStaffApi.settle(r.id, 'credit', reason.trim()))}>
        核实属实，记时长
      </Btn>
      <Btn kind='secondary' busy={busy} onClick={() => void act(() => timebankStaffApi.settle(r.id, 'reject', reason.trim()))}>
        不记时长
      </Btn>
      <Message kind='error' text={error ?? undefined} />
    </View>
  )
}
