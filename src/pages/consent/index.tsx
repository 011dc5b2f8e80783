import { useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { View, Text, ScrollView, Button } from '@tarojs/components'
import { api } from '@/api'
import { Btn, Message, Page, StateView } from '@/components'
import { useAsync } from '@/hooks/use-async'
import { useAction } from '@/hooks/use-action'
import { hasPendingPrivacyRequest, resolvePrivacy } from '@/stores/privacy'
import { loadMe, setMe, signOut, useMe } from '@/stores/session'
import { goLanding } from '@/utils/landing'
import './index.scss'

export default function ConsentPage() {
  const fromWechat = useRouter().params.from === 'wechat'
  const doc = useAsync(() => api.consentDocument('privacy'), [])
  const { signedIn } = useMe()
  const { busy, error, act } = useAction()
  const [refused, setRefused] = useState(false)

  const agree = async () => {
    if (!doc.data) return
    const { version } = doc.data
    await act(async () => {
      resolvePrivacy(true)
      const me = signedIn ? await api.giveConsent('privacy', version) : null
      if (me) setMe(me)
      // Asked by WeChat's privacy check: go back to what the person was doing.
      if (fromWechat && Taro.getCurrentPages().length > 1) await Taro.navigateBack()
      else await goLanding(me)
    })
  }

  const disagree = () => {
    resolvePrivacy(false)
    void signOut('this')
    setRefused(true)
  }

  if (refused) {
    return (
      <Page title='没有同意隐私政策'>
        <View className='lp-card'>
          <Text className='lp-body lp-block'>邻里通需要处理你的手机号、所在社区等信息才能提供服务。不同意隐私政策就无法使用，已为你退出登录。</Text>
          <Text className='lp-hint'>如果改变主意，可以重新登录并阅读同意。</Text>
        </View>
        <Btn
          onClick={() => {
            setRefused(false)
            void loadMe()
            void Taro.redirectTo({ url: '/pages/login/index' })
          }}
        >
          重新登录
        </Btn>
        <Btn kind='secondary' onClick={() => void Taro.switchTab({ url: '/pages/index/index' })}>
          回到首页
        </Btn>
      </Page>
    )
  }

  return (
    <Page title={doc.data?.title ?? '隐私政策'} className='consent'>
      <StateView loading={doc.loading} error={doc.error} empty={!doc.data} emptyText='暂时没有隐私政策内容' onRetry={doc.reload}>
        {doc.data ? (
          <>
            <Text className='lp-hint'>版本 {doc.data.version}，请阅读后选择</Text>
            <ScrollView scrollY className='lp-scroll consent-text'>
              <Text className='lp-pre'>{doc.data.text}</Text>
            </ScrollView>
            <Message kind='error' text={error} />
            {process.env.TARO_ENV === 'weapp' && hasPendingPrivacyRequest() ? (
              // WeChat only accepts the agreement from a button with this open-type.
              <Button id='agree-btn' className='lp-btn lp-btn-primary consent-agree' openType='agreePrivacyAuthorization' onAgreePrivacyAuthorization={() => void agree()}>
                同意并继续
              </Button>
            ) : (
              <Btn className='consent-agree' busy={busy} onClick={() => void agree()}>
                {busy ? '正在提交…' : '同意并继续'}
              </Btn>
            )}
            <Btn kind='secondary' className='consent-disagree' onClick={disagree}>
              不同意
            </Btn>
          </>
        ) : null}
      </StateView>
    </Page>
  )
}
