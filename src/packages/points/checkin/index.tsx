import { useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import type { TEarning } from '@contracts/points'
import { pointsApi } from '@/api/points'
import { Btn, Message, Page } from '@/components'
import { useAction } from '@/hooks/use-action'
import { useMe } from '@/stores/session'
import './index.scss'

/**
 * Opened by scanning an event QR (the code is in the URL), or from 扫一扫 in the mini-program.
 * One tap confirms; nothing happens by itself, so a resident who opened it by mistake loses nothing.
 */
export default function CheckInPage() {
  const params = useRouter().params
  const [code, setCode] = useState(params.code ? decodeURIComponent(params.code) : '')
  const { signedIn } = useMe()
  const { busy, error, act, fail } = useAction()
  const [done, setDone] = useState<TEarning | null>(null)
  const checkIn = async () => {
    await act(async () => {
      setDone(await pointsApi.checkIn(code))
    })
  }
  const scan = async () => {
    try {
      const r = await Taro.scanCode({ onlyFromCamera: true })
      const m = /[?&]code=([^&]+)/.exec(r.result)
      setCode(m ? decodeURIComponent(m[1]) : r.result)
    } catch {
      fail('没有扫到二维码，请再试一次')
    }
  }
  if (!signedIn) {
    return (
      <Page title='活动签到'>
        <Text className='lp-body lp-block'>请先登录，再扫码签到。</Text>
        <Btn onClick={() => void Taro.navigateTo({ url: '/pages/login/index' })}>去登录</Btn>
      </Page>
    )
  }
  return (
    <Page title='活动签到'>
      {done ? (
        <View className='lp-card'>
          <Text className='lp-body lp-block'>签到成功：{done.note || done.ruleName}</Text>
          <Text className='pts-big'>{done.points > 0 ? `+${done.points}` : '0'}</Text>
          {done.reason ? <Text className='lp-hint'>{done.reason}</Text> : null}
          <Btn onClick={() => void Taro.redirectTo({ url: '/packages/points/index/index' })}>查看我的积分</Btn>
        </View>
      ) : code ? (
        <View className='lp-card'>
          <Text className='lp-body lp-block'>您正在参加社区活动签到，签到后获得积分。</Text>
          <Btn busy={busy} onClick={() => void checkIn()}>
            确认签到
          </Btn>
        </View>
      ) : (
        <View className='lp-card'>
          <Text className='lp-body lp-block'>请扫描工作人员出示的活动二维码。</Text>
          <Btn onClick={() => void scan()}>扫码签到</Btn>
        </View>
      )}
      <Message kind='error' text={error} />
    </Page>
  )
}
