import { useState } from 'react'
import { View, Text, Input, Picker } from '@tarojs/components'
import type { TServiceRequest } from '@contracts/timebank'
import { minutesLabel, timebankApi } from '@/api/timebank'
import { Btn } from '@/components'
import { hhmm, instantOf } from './time-place'

/**
 * 签退 refused as too far: either still at the elder's home with a wrong location (a reason, staff
 * review) or already gone — then the time the service really ended, which the elder's side confirms.
 */
export function FarCheckOut({
  r,
  at,
  busy,
  run,
}: {
  r: TServiceRequest
  at: { lat: number; lng: number }
  busy: boolean
  run: (f: () => Promise<TServiceRequest>, done: (x: TServiceRequest) => string) => Promise<void>
}) {
  const [farReason, setFarReason] = useState('')
  const [endTime, setEndTime] = useState(() => hhmm(new Date()))
  const since = r.checkInAt ? hhmm(r.checkInAt) : null
  return (
    <View className='tb-far'>
      <Text className='tb-line'>已经离开了？填写实际结束时间</Text>
      <Text className='tb-sub'>{`您 ${since ?? ''} 签到，请选服务真正结束的时间，老人或家属确认后计时长。`}</Text>
      <Picker mode='time' value={endTime} start={since ?? undefined} end={hhmm(new Date())} onChange={(e) => setEndTime(String(e.detail.value))}>
        <View className='lp-input tb-end-time'>{`实际结束时间：${endTime}`}</View>
      </Picker>
      <View className='tb-end-chips'>
        {[15, 30, 60].map((m) => (
          <Text key={m} className='lp-tag tb-end-chip' onClick={() => setEndTime(hhmm(new Date(Date.now() - m * 60_000)))}>
            {`${m} 分钟前`}
          </Text>
        ))}
      </View>
      <Btn
        className='tb-end-submit'
        busy={busy}
        onClick={() =>
          void run(
            () => timebankApi.checkOut(r.id, { proposedEndAt: instantOf(endTime).toISOString() }),
            (x) => `已提交实际结束时间 ${endTime}，服务 ${minutesLabel(x.minutes ?? 0)}，等待老人确认`,
          )
        }
      >
        按实际结束时间签退
      </Btn>
      <Text className='tb-line'>还在老人家里，只是定位不准？</Text>
      <Input className='lp-input' placeholder='例如：陪老人去了医院，在医院签退' value={farReason} onInput={(e) => setFarReason(e.detail.value)} />
      <Btn
        kind='secondary'
        busy={busy}
        onClick={() =>
          void run(
            () => timebankApi.checkOut(r.id, { location: at, farReason: farReason.trim() }),
            (x) => `已签退，服务 ${minutesLabel(x.minutes ?? 0)}，位置等待社区复核`,
          )
        }
      >
        提交复核并签退
      </Btn>
    </View>
  )
}
