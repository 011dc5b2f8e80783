import { useState } from 'react'
import Taro, { useDidShow } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { Btn, Message, Page } from '../../components'
import { useMe } from '../../stores/session'
import { OPEN_FAILED, openLink } from '../../utils/open-link'
import { ReportForm } from './ReportForm'
import './report.scss'

export default function ReportTabPage() {
  const { signedIn } = useMe()
  const [, setShown] = useState(0)
  useDidShow(() => setShown((n) => n + 1))
  // offline the sub-page cannot load: say so here instead of doing nothing
  const [openFailed, setOpenFailed] = useState<string | null>(null)
  const open = async (url: string) => {
    setOpenFailed(null)
    if (!(await openLink(url))) setOpenFailed(OPEN_FAILED)
  }
  return (
    <Page title='随手拍'>
      {signedIn ? (
        <>
          <View className='lp-row'>
            <Btn kind='plain' onClick={() => void open('/packages/reports/mine/index')}>
              我的上报
            </Btn>
            <Btn kind='plain' onClick={() => void open('/packages/reports/community/index')}>
              社区问题
            </Btn>
          </View>
          <Message kind='error' text={openFailed ?? undefined} />
          <ReportForm />
        </>
      ) : (
        <View className='lp-card'>
          <Text className='rp-line'>看到路灯坏了、垃圾堆放、井盖破损等问题，拍张照片、标好位置就能报给社区，并随时查看处理进度。</Text>
          <Text className='rp-strong'>登录后才能上报</Text>
          <Btn onClick={() => void Taro.navigateTo({ url: '/pages/login/index' })}>登录</Btn>
        </View>
      )}
    </Page>
  )
}
