import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View, Text, Input } from '@tarojs/components'
import { adminApi } from '@/api/admin'
import { setToken } from '@/api/session'
import { Btn, Message, Page } from '@/components'
import { useAction } from '@/hooks/use-action'
import { loadMe } from '@/stores/session'
import './index.scss'

/** First login with a one-time password (or after a reset): choose a password of one's own. */
export default function PasswordPage() {
  const [current, setCurrent] = useState('')
  const [next, setNext] = useState('')
  const [again, setAgain] = useState('')
  const { busy, error, act, fail } = useAction()
  const [done, setDone] = useState(false)

  const submit = async () => {
    if (!current) return fail('请输入原密码（一次性密码）')
    if (next.length < 10) return fail('新密码至少 10 位')
    if (next !== again) return fail('两次输入的新密码不一样')
    await act(async () => {
      // the change ends every session, this one too: keep the fresh one it answers with
      setToken((await adminApi.changePassword(current, next)).token)
      setDone(true)
    })
  }

  // the login skipped these while the password was a one-time one: the person, then the privacy policy if pending
  const enter = async () => {
    const me = await loadMe()
    if (me && me.pendingConsents.includes('privacy')) await Taro.redirectTo({ url: '/pages/consent/index' })
    else await Taro.redirectTo({ url: '/packages/staff/index/index' })
  }

  if (done) {
    return (
      <Page title='密码已修改'>
        <Text className='lp-body lp-block'>以后请用新密码登录。</Text>
        <Btn onClick={() => void enter()}>进入工作台</Btn>
      </Page>
    )
  }
  return (
    <Page title='请先修改密码'>
      <Text className='lp-body lp-block'>您正在使用一次性密码。为了账号安全，请设置一个只有您知道的新密码。</Text>
      <View className='lp-field'>
        <Text className='lp-label'>原密码（一次性密码）</Text>
        <Input className='lp-input pw-current' password value={current} onInput={(e) => setCurrent(e.detail.value)} placeholder='请输入收到的一次性密码' />
      </View>
      <View className='lp-field'>
        <Text className='lp-label'>新密码</Text>
        <Input className='lp-input pw-new' password value={next} onInput={(e) => setNext(e.detail.value)} placeholder='至少 10 位' />
      </View>
      <View className='lp-field'>
        <Text className='lp-label'>再输入一次新密码</Text>
        <Input className='lp-input pw-again' password value={again} onInput={(e) => setAgain(e.detail.value)} placeholder='再输入一次' />
      </View>
      <View className='pw-rules'>
        <Text className='lp-hint'>· 至少 10 位，字母、数字、符号都可以</Text>
        <Text className='lp-hint'>· 不能包含账号名</Text>
        <Text className='lp-hint'>· 不能用 12345678910、qwertyuiop 这类常见密码</Text>
      </View>
      <Btn busy={busy} className='pw-submit' onClick={() => void submit()}>
        {busy ? '正在保存…' : '保存新密码'}
      </Btn>
      <Message kind='error' text={error} />
    </Page>
  )
}
