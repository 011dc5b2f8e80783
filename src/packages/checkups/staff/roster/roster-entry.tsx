import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import { BOOKING_CHANNEL_LABELS, BOOKING_STATUS_LABELS, type TRosterEntry } from '@contracts/checkups'
import { messageOf } from '@/api'
import { checkupsStaffApi } from '@/api/checkups'
import { Btn } from '@/components'
import { useAction, type ActionMsg } from '@/hooks/use-action'
import { timeLabel, whenLabel } from '@/packages/checkups/time'

/** One elder on the day's roster: 签到, then 体检做完了; what happened is said above the list. */
export function RosterEntry({ r, onChanged }: { r: TRosterEntry; onChanged: (m: ActionMsg) => void }) {
  const { busy, act } = useAction()
  // 体检做完了 cannot be undone and tells the family: asked once more, inline
  const [confirmDone, setConfirmDone] = useState(false)
  const run = (fn: () => Promise<unknown>, ok: string) =>
    act(async () => {
      try {
        await fn()
        onChanged({ kind: 'success', text: ok })
      } catch (e) {
        onChanged({ kind: 'error', text: `${r.elderName}：${messageOf(e)}` })
      }
    })
  return (
    <View className='lp-card cks-entry'>
      <Text className='cks-line'>
        {r.elderName}
        {r.age !== null ? `（${r.age} 岁）` : ''}
        <Text className={`cks-status cks-status-${r.status}`}>{BOOKING_STATUS_LABELS[r.status]}</Text>
      </Text>
      <Text className='cks-sub'>
        {timeLabel(r.session.startsAt)}–{timeLabel(r.session.endsAt)} · {r.session.place}
      </Text>
      <Text className='cks-sub'>
        身份证 {r.idNumberMasked ?? '—'} · 电话 {r.phoneMasked ?? '无'} · {BOOKING_CHANNEL_LABELS[r.channel]}
      </Text>
      {r.checkedInAt ? <Text className='cks-sub'>签到 {whenLabel(r.checkedInAt)}</Text> : null}
      {r.status === 'booked' || r.status === 'no_show' ? (
        <Btn busy={busy} onClick={() => void run(() => checkupsStaffApi.checkInBooking(r.bookingId), `${r.elderName} 已签到`)}>
          签到
        </Btn>
      ) : r.status === 'checked_in' && !confirmDone ? (
        <Btn kind='secondary' busy={busy} onClick={() => setConfirmDone(true)}>
          体检做完了
        </Btn>
      ) : r.status === 'checked_in' ? (
        <View className='cks-confirm-done'>
          <Text className='cks-sub'>{`确认${r.elderName}的各项检查都做完了？确认后不能撤回，家属会收到通知。`}</Text>
          <Btn busy={busy} onClick={() => void run(() => checkupsStaffApi.markDone(r.bookingId), `${r.elderName} 已完成体检`)}>
            确认做完了
          </Btn>
          <Btn kind='secondary' onClick={() => setConfirmDone(false)}>
            还没有
          </Btn>
        </View>
      ) : null}
    </View>
  )
}
