import { useState } from 'react'
import { View, Text, Input } from '@tarojs/components'
import type { TServiceRequest } from '@contracts/timebank'
import { minutesLabel, timebankApi, whenLabel } from '@/api/timebank'
import { Btn, Message } from '@/components'
import { useAction } from '@/hooks/use-action'
import { Contact } from './contact'
import { FarCheckOut } from './far-check-out'
import { here } from './time-place'

/** One request: 我来帮忙 when open; 签到 / 签退 (with the too-far ways out) when it is mine. */
export function Task({ r, mine, onChanged }: { r: TServiceRequest; mine: boolean; onChanged: (text: string) => void }) {
  const { busy, error, act } = useAction()
  // far from the address: the volunteer may explain and send the check-in to staff review
  const [far, setFar] = useState<{ lat: number; lng: number; at: 'in' | 'out' } | null>(null)
  const [farReason, setFarReason] = useState('')
  // where the volunteer stands; too far from the address opens the way to explain (far)
  const fromHere = async (step: 'in' | 'out', call: (at: { lat: number; lng: number }) => Promise<TServiceRequest>) => {
    const at = await here()
    try {
      return await call(at)
    } catch (e) {
      if ((e as { code?: string }).code === 'CHECKIN_TOO_FAR') setFar({ ...at, at: step })
      throw e
    }
  }
  const run = (f: () => Promise<TServiceRequest>, done: (x: TServiceRequest) => string) => act(async () => onChanged(done(await f())))
  return (
    <View className='lp-card'>
      <Text className='tb-line'>{`${r.serviceTypeLabel} · ${r.elderName}`}</Text>
      <Text className='tb-sub'>{whenLabel(r.startsAt)}</Text>
      <Text className='tb-sub'>{r.address}</Text>
      {r.notes ? <Text className='tb-sub'>{`备注：${r.notes}`}</Text> : null}
      {r.volunteersNeeded > 1 ? <Text className='tb-sub'>{`需要 ${r.volunteersNeeded} 位志愿者，已有 ${r.placesTaken} 位`}</Text> : null}
      {r.distanceM !== undefined ? <Text className='tb-sub'>{`离您约 ${r.distanceM >= 1000 ? `${(r.distanceM / 1000).toFixed(1)} 公里` : `${r.distanceM} 米`}`}</Text> : null}
      {mine ? <Text className='tb-sub'>{r.statusLabel}</Text> : null}
      {mine && r.checkInReview === 'pending' ? <Text className='tb-sub'>签到位置较远，等待社区复核</Text> : null}
      {mine ? <Contact r={r} /> : null}
      <Message kind='error' text={error ?? undefined} />
      {!mine && r.status === 'open' ? (
        <Btn
          busy={busy}
          onClick={() =>
            void run(
              () => timebankApi.accept(r.id),
              () => '接单成功，请按时上门',
            )
          }
        >
          我来帮忙
        </Btn>
      ) : null}
      {mine && r.status === 'accepted' ? (
        <Btn
          busy={busy}
          onClick={() =>
            void run(
              () => fromHere('in', (at) => timebankApi.checkIn(r.id, at)),
              () => '已签到，开始服务',
            )
          }
        >
          到达签到
        </Btn>
      ) : null}
      {mine && r.status === 'accepted' && far?.at === 'in' ? (
        <View className='tb-far'>
          <Text className='tb-sub'>已经到了但定位不准？说明情况后提交，社区工作人员复核后计时长。</Text>
          <Input className='lp-input' placeholder='例如：手机定位漂移，我已在老人家中' value={farReason} onInput={(e) => setFarReason(e.detail.value)} />
          <Btn
            kind='secondary'
            busy={busy}
            onClick={() =>
              void run(
                () => timebankApi.checkIn(r.id, { lat: far.lat, lng: far.lng }, farReason.trim()),
                () => '已签到，签到位置等待社区复核',
              )
            }
          >
            提交复核并签到
          </Btn>
        </View>
      ) : null}
      {mine && r.status === 'in_service' ? (
        <Btn
          busy={busy}
          onClick={() =>
            void run(
              () => fromHere('out', (at) => timebankApi.checkOut(r.id, { location: at })),
              (x) => `已签退，服务 ${minutesLabel(x.minutes ?? 0)}，等待老人确认`,
            )
          }
        >
          服务结束签退
        </Btn>
      ) : null}
      {mine && r.status === 'in_service' && far?.at === 'out' ? <FarCheckOut r={r} at={{ lat: far.lat, lng: far.lng }} busy={busy} run={run} /> : null}
    </View>
  )
}
