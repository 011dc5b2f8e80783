import { useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import type { TActivity } from '@contracts/resources'
import { organisationsApi } from '@/api/resources'
import { Btn, Message, Page } from '@/components'
import { useAction } from '@/hooks/use-action'
import { useMe } from '@/stores/session'
import '../resources.scss'

/** Opened by scanning an organisation activity's QR: one tap signs the member in (points follow). */
export default function ActivityCheckInPage() {
  const params = useRouter().params
  const [code, setCode] = useState(params.code ? decodeURIComponent(params.code) : '')
  const { signedIn } = useMe()
  const { busy, error, act, fail } = useAction()
  const [done, setDone] = useState<TActivity | null>(null)
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
          <Text className='lp-body lp-block'>
            签到成功：{done.organisationName} · {done.title}
          </Text>
          <Text className='lp-hint lp-block'>积分会在几秒内到账。</Text>
          <Btn onClick={() => void Taro.redirectTo({ url: '/packages/points/index/index' })}>查看我的积分</Btn>
        </View>
      ) : code ? (
        <View className='lp-card'>
          <Text className='lp-body lp-block'>您正在签到社会组织的活动，签到后获得积分。</Text>
          <Btn busy={busy} onClick={() => void act(async () => setDone(await organisationsApi.checkIn(code)))}>
            确认签到
          </Btn>
        </View>
      ) : (
        <View className='lp-card'>
          <Text className='lp-body lp-block'>请扫描负责人出示的活动二维码。</Text>
          <Btn onClick={() => void scan()}>扫码签到</Btn>
        </View>
      )}
      <Message kind='error' text={error} />
    </Page>
  )
}
