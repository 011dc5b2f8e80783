import { useState } from 'react'
import { View, Text, Input, Picker } from '@tarojs/components'
import type { TServiceRequest } from '@contracts/timebank'
import { timebankStaffApi } from '@/api/timebank'
import { Btn, Message } from '@/components'
import { useAction } from '@/hooks/use-action'
import { RequestHead } from './request-head'

/** 待派单: send a volunteer, or change how many are needed. */
export function OpenCard({ r, volunteers, onDone }: { r: TServiceRequest; volunteers: { id: string; name: string }[]; onDone: () => void }) {
  const { busy, error, act } = useAction(onDone)
  const [pick, setPick] = useState(0)
  const [places, setPlaces] = useState(String(r.volunteersNeeded))
  const chosen = volunteers[pick]
  return (
    <View className='lp-card tb-staff-card'>
      <RequestHead r={r} />
      <Text className='tb-sub'>{`需要 ${r.volunteersNeeded} 位志愿者，已有 ${r.placesTaken} 位`}</Text>
      {volunteers.length ? (
        <Picker mode='selector' range={volunteers.map((v) => v.name)} value={pick} onChange={(e) => setPick(Number(e.detail.value))}>
          <View className='lp-input'>{`派给：${chosen?.name ?? '请选择'}`}</View>
        </Picker>
      ) : (
        <Text className='tb-sub'>还没有认证的志愿者</Text>
      )}
      <Btn busy={busy} disabled={!chosen} onClick={() => void act(() => timebankStaffApi.assign(r.id, chosen!.id))}>
        派单
      </Btn>
      <View className='tb-row'>
        <Input className='lp-input tb-places' type='number' value={places} onInput={(e) => setPlaces(e.detail.value)} />
        <Btn kind='secondary' busy={busy} onClick={() => void act(() => timebankStaffApi.setPlaces(r.id, Number(places)))}>
          设置需要的人数
        </Btn>
      </View>
      <Message kind='error' text={error ?? undefined} />
    </View>
  )
}
