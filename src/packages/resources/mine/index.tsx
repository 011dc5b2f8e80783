import { useState } from 'react'
import { useDidShow } from '@tarojs/taro'
import { View, Text, Image } from '@tarojs/components'
import { BOOKING_STATUS_LABELS, type TBookingPass, type TResourceBooking } from '@contracts/resources'
import { resourcesApi } from '@/api/resources'
import { Btn, Message, Page, StateView } from '@/components'
import { useAsync } from '@/hooks/use-async'
import { useAction } from '@/hooks/use-action'
import { rangeText } from '../format'
import '../resources.scss'

function BookingCard({ b, onChanged }: { b: TResourceBooking; onChanged: () => void }) {
  const [pass, setPass] = useState<TBookingPass | null>(null)
  const { busy, error, act } = useAction(onChanged)
  const showPass = () => act(async () => setPass(await resourcesApi.pass(b.id)))
  return (
    <View className='lp-card'>
      <Text className='lp-label lp-block'>{b.resourceName}</Text>
      <Text className='lp-body lp-block'>
        {rangeText(b.startsAt, b.endsAt)} · {BOOKING_STATUS_LABELS[b.status]}
      </Text>
      <Text className='lp-hint lp-block'>
        {b.communityName}
        {b.address ? ` · ${b.address}` : ''}
        {b.quantity > 1 ? ` · ${b.quantity} 件` : ''}
        {b.organisationName ? ` · 以「${b.organisationName}」名义` : ''}
      </Text>
      {b.decisionNote ? <Text className='lp-hint lp-block'>社区说明：{b.decisionNote}</Text> : null}
      {b.status === 'approved' && !pass ? (
        <Btn busy={busy} onClick={() => void showPass()}>
          出示签到二维码
        </Btn>
      ) : null}
      {pass ? (
        <View>
          <Image className='rs-qr' src={pass.qrDataUrl} ariaLabel='签到二维码' />
          <Text className='lp-hint lp-block'>到场请工作人员扫码签到；扫不了时念出下面的签到码：</Text>
          <Text className='rs-code'>{pass.code}</Text>
        </View>
      ) : null}
      {b.cancellable ? (
        <Btn kind='secondary' busy={busy} onClick={() => void act(() => resourcesApi.cancel(b.id).then(() => '已取消'))}>
          取消预约
        </Btn>
      ) : null}
      <Message kind='error' text={error} />
    </View>
  )
}

/** 我的场地预约: status, the check-in QR once approved, cancel until 2 h before. */
export default function MyBookingsPage() {
  const list = useAsync(() => resourcesApi.mine(), [])
  useDidShow(() => list.reload())
  const items = list.data?.items ?? []
  return (
    <Page title='我的场地预约'>
      <Text className='lp-hint lp-block'>开始前 2 小时内不能在网上取消；60 天内 3 次约了不来，30 天内不能再预约。</Text>
      <StateView loading={list.loading} error={list.error} empty={items.length === 0} emptyText='还没有预约' onRetry={list.reload}>
        {items.map((b) => (
          <BookingCard key={b.id} b={b} onChanged={list.reload} />
        ))}
      </StateView>
    </Page>
  )
}
