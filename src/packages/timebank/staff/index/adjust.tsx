import { useState } from 'react'
import { View, Input, Picker } from '@tarojs/components'
import { minutesLabel, timebankStaffApi } from '@/api/timebank'
import { Btn, Message, StateView } from '@/components'
import { useAction } from '@/hooks/use-action'
import { useAsync } from '@/hooks/use-async'

/** 时长调整: add (补记) or take (扣减) a volunteer's minutes with a reason; one key per filled form. */
export function Adjust() {
  const vols = useAsync(() => timebankStaffApi.volunteers(), [])
  const [pick, setPick] = useState(0)
  const [minutes, setMinutes] = useState('')
  const [reason, setReason] = useState('')
  const { busy, msg, act } = useAction()
  const items = vols.data?.items ?? []
  const chosen = items[pick]
  return (
    <StateView loading={vols.loading} error={vols.error} empty={items.length === 0} emptyText='还没有认证的志愿者' onRetry={vols.reload}>
      <Picker mode='selector' range={items.map((v) => `${v.name}（${v.communityName}）`)} value={pick} onChange={(e) => setPick(Number(e.detail.value))}>
        <View className='lp-input'>{`志愿者：${chosen?.name ?? '请选择'}`}</View>
      </Picker>
      <Input className='lp-input tb-adjust-minutes' type='text' placeholder='分钟数，补记填正数，扣减填负数（如 -30）' value={minutes} onInput={(e) => setMinutes(e.detail.value)} />
      <Input className='lp-input tb-adjust-reason' placeholder='理由（必填），如：补记 10 月纸质登记' value={reason} onInput={(e) => setReason(e.detail.value)} />
      <Btn
        className='tb-adjust-submit'
        busy={busy}
        disabled={!chosen}
        onClick={() =>
          void act(async () => {
            const r = await timebankStaffApi.adjust(chosen!.id, Number(minutes), reason.trim())
            setMinutes('')
            setReason('')
            return `已调整，${chosen!.name}现有 ${minutesLabel(r.balanceMinutes)}`
          })
        }
      >
        确认调整
      </Btn>
      <Message kind={msg?.kind} text={msg?.text} />
    </StateView>
  )
}
