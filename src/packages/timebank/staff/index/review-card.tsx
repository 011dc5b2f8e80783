import { useState } from 'react'
import { View, Text, Input } from '@tarojs/components'
import type { TServiceRequest } from '@contracts/timebank'
import { timebankStaffApi } from '@/api/timebank'
import { Btn, Message } from '@/components'
import { useAction } from '@/hooks/use-action'
import { RequestHead } from './request-head'

/** 签到复核: a check-in far from the address, with the volunteer's explanation. */
export function ReviewCard({ r, onDone }: { r: TServiceRequest; onDone: () => void }) {
  const { busy, error, act } = useAction(onDone)
  const [reason, setReason] = useState('')
  return (
    <View className='lp-card tb-staff-card'>
      <RequestHead r={r} />
      <Text className='tb-sub'>{`志愿者：${r.volunteerName ?? ''}，签到时离地址约 ${r.checkInDistanceM ?? '?'} 米`}</Text>
      <Text className='tb-sub'>{`志愿者说明：${r.checkInReviewReason ?? ''}`}</Text>
      <Text className='tb-sub'>{`当前：${r.statusLabel}`}</Text>
      <Input className='lp-input' placeholder='理由（不通过时必填）' value={reason} onInput={(e) => setReason(e.detail.value)} />
      <Btn busy={busy} onClick={() => void act(() => timebankStaffApi.review(r.id, 'approve', reason.trim()))}>
        核实无误，通过
      </Btn>
      <Btn kind='danger' busy={busy} onClick={() => void act(() => timebankStaffApi.review(r.id, 'reject', reason.trim()))}>
        不通过，不记时长
      </Btn>
      <Message kind='error' text={error ?? undefined} />
    </View>
  )
}
