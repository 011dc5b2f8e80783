import { useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { View, Text, Image } from '@tarojs/components'
import { BOOKING_CHANNEL_LABELS, BOOKING_STATUS_LABELS } from '@contracts/checkups'
import { checkupsApi, downloadBookingPass } from '@/api/checkups'
import { useAction } from '@/hooks/use-action'
import { Btn, Message, Page, StateView } from '@/components'
import { useAsync } from '@/hooks/use-async'
import { loadMe } from '@/stores/session'
import { whenLabel } from '../time'
import './index.scss'

/** One booking: time, place, QR for check-in, what to bring; reschedule or cancel (no pop-ups: a second tap confirms). */
export default function BookingPage() {
  const id = useRouter().params?.id ?? ''
  // /me through the session store, so 长辈模式 of the account applies on a deep link too
  useAsync(() => loadMe(), [])
  // without an id (e.g. from 我的): the first booking still ahead of me or of an elder I book for
  const detail = useAsync(async () => {
    const mine = id ? undefined : await checkupsApi.mine()
    const next = mine?.bookings.find((x) => x.status === 'booked' || x.status === 'checked_in')
    const booking = id ? await checkupsApi.booking(id) : next ? await checkupsApi.booking(next.id) : undefined
    if (!booking) return undefined
    // how far the phone's clock is from the server's: 改约/取消 follow the server's time, not the phone's
    const server = Date.parse(booking.serverNow)
    return { ...booking, skewMs: Number.isFinite(server) ? server - Date.now() : 0 }
  }, [id])
  const [confirming, setConfirming] = useState(false)
  const b = detail.data
  // 保存凭证 and 取消 speak in one message: starting one clears what the other said
  const saving = useAction()
  const cancelling = useAction()
  const msg = saving.msg ?? cancelling.msg
  // the pass as an image: the daughter far away sends it to her father's carer, or prints it
  const savePass = () => {
    cancelling.say(null)
    return saving.act(async () => {
      await downloadBookingPass(b!.id, b!.shortCode)
      return process.env.TARO_ENV === 'weapp' ? '长按图片可保存或转发' : '凭证图片已保存，可以发给照顾老人的人或打印出来'
    })
  }
  const canChange = b?.status === 'booked' && Date.now() + b.skewMs < new Date(b.cancelUntil).getTime()
  const cancel = () => {
    saving.say(null)
    return cancelling.act(async () => {
      try {
        await checkupsApi.cancel(b!.id)
        return '已取消。名额会让给候补的老人。'
      } finally {
        // refused or not, the server has the last word (e.g. 已过取消截止时间): show the booking as it now stands
        setConfirming(false)
        detail.reload()
      }
    })
  }
  return (
    <Page title='体检预约'>
      <StateView loading={detail.loading} error={detail.error} empty={!b} emptyText={id ? '找不到这条预约' : '还没有预约体检'} onRetry={detail.reload}>
        {b ? (
          <View className='lp-card'>
            <Text className='ck-big'>{BOOKING_STATUS_LABELS[b.status]}</Text>
            <Text className='ck-line'>{b.elderName}</Text>
            <Text className='ck-line'>{whenLabel(b.session.startsAt)}</Text>
            <Text className='ck-sub'>{b.session.place}</Text>
            {b.status === 'booked' ? (
              <>
                <Image className='ck-qr' src={b.qrDataUrl} mode='aspectFit' ariaLabel='签到二维码' />
                <Text className='ck-code' aria-label='签到码'>
                  {b.shortCode}
                </Text>
                <Text className='ck-sub'>到了以后把这个二维码给工作人员看</Text>
                <Text className='ck-sub'>扫不了码时，报上面的签到码或老人的身份证号也能签到</Text>
                <Btn kind='secondary' busy={saving.busy} onClick={() => void savePass()}>
                  {process.env.TARO_ENV === 'weapp' ? '签到凭证图片（长按保存或转发）' : '保存签到凭证图片（发给照顾老人的人或打印）'}
                </Btn>
              </>
            ) : null}
            <Text className='ck-sub'>请带：{b.bring}</Text>
            <Text className='ck-sub'>{b.fasting}</Text>
            <Text className='ck-sub'>
              {BOOKING_CHANNEL_LABELS[b.channel]}（{b.bookedByName}）
            </Text>
          </View>
        ) : null}
        <Message kind={msg?.kind} text={msg?.text} />
        {b && canChange ? (
          <View>
            <Text className='ck-sub'>{whenLabel(b.cancelUntil)} 前可以改约或取消</Text>
            <Btn onClick={() => void Taro.navigateTo({ url: `/packages/checkups/index/index?reschedule=${b.id}` })}>改约</Btn>
            {confirming ? (
              <>
                <Btn kind='danger' busy={cancelling.busy} onClick={() => void cancel()}>
                  确认取消这次体检
                </Btn>
                <Btn kind='plain' onClick={() => setConfirming(false)}>
                  不取消了
                </Btn>
              </>
            ) : (
              <Btn kind='secondary' onClick={() => setConfirming(true)}>
                取消预约
              </Btn>
            )}
          </View>
        ) : b?.status === 'booked' ? (
          <Text className='ck-sub'>已过改约时间，如需调整请联系社区</Text>
        ) : null}
      </StateView>
    </Page>
  )
}
