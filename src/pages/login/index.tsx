import { useEffect, useRef, useState } from 'react'
import Taro from '@tarojs/taro'
import { View, Text, Input } from '@tarojs/components'
import type { TLoginResponse } from '@contracts'
import { api, ApiError } from '@/api'
import { useAction } from '@/hooks/use-action'
import { Btn, Message, Page, Toggle } from '@/components'
import { chooseElderMode, useElderMode } from '@/stores/elder-mode'
import { loadMe, signIn } from '@/stores/session'
import { goLanding } from '@/utils/landing'
import './index.scss'

type Mode = 'phone' | 'staff'

/** Where to go once signed in: the privacy policy first if it is (again) pending. */
async function afterLogin(res: TLoginResponse): Promise<void> {
  signIn(res.token)
  // a one-time password (new account or reset) is changed before anything else
  if (res.mustChangePassword) {
    await Taro.redirectTo({ url: '/pages/password/index' })
    return
  }
  const me = await loadMe()
  if (me && me.pendingConsents.includes('privacy')) {
    await Taro.redirectTo({ url: '/pages/consent/index' })
    return
  }
  await goLanding(me)
}

export default function LoginPage() {
  const elder = useElderMode()
  const [mode, setMode] = useState<Mode>('phone')
  const [phone, setPhone] = useState('')
  const [code, setCode] = useState('')
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [wait, setWait] = useState(0)
  const { busy, error, act, fail, say } = useAction()
  const [info, setInfo] = useState<string | null>(null)
  const [wechatOff, setWechatOff] = useState(false)
  const timer = useRef<ReturnType<typeof setInterval> | null>(null)

  useEffect(
    () => () => {
      if (timer.current) clearInterval(timer.current)
    },
    [],
  )

  const sendCode = async () => {
    setInfo(null)
    if (!/^1[3-9]\d{9}$/.test(phone.trim())) return fail('手机号应为 11 位数字')
    await act(async () => {
      const r = await api.sendSms(phone.trim())
      setInfo(r.demoHint ? `验证码已发送。${r.demoHint}` : '验证码已发送，请查看短信')
      setWait(r.resendInSeconds || 60)
      if (timer.current) clearInterval(timer.current)
      timer.current = setInterval(() => {
        setWait((w) => {
          if (w <= 1 && timer.current) {
            clearInterval(timer.current)
            timer.current = null
          }
          return Math.max(0, w - 1)
        })
      }, 1000)
    })
  }

  const run = (fn: () => Promise<TLoginResponse>) => act(async () => afterLogin(await fn()))

  const loginWithPhone = () => {
    if (!/^1[3-9]\d{9}$/.test(phone.trim())) return fail('手机号应为 11 位数字')
    if (!/^\d{6}$/.test(code.trim())) return fail('验证码是 6 位数字')
    void run(() => api.verifySms(phone.trim(), code.trim()))
  }

  const loginAsStaff = () => {
    if (!username.trim()) return fail('请输入账号')
    if (!password) return fail('请输入密码')
    void run(() => api.staffLogin(username.trim(), password))
  }

  const loginWithWechat = () =>
    act(async () => {
      const { code: wxCode } = await Taro.login()
      try {
        await afterLogin(await api.wechatLogin(wxCode))
      } catch (e) {
        if (!(e instanceof ApiError && e.code === 'WECHAT_NOT_CONFIGURED')) throw e
        setWechatOff(true)
        setInfo('微信登录暂未开通，请使用手机号登录')
      }
    })

  // In 长辈模式 there is no ticking clock: just say the code was sent and the button rests.
  const sendLabel = wait > 0 ? (elder ? '已发送' : `${wait} 秒后重发`) : '获取验证码'

  return (
    <Page title={mode === 'phone' ? '手机号登录' : '工作人员登录'} className='login'>
      <Toggle className='login-elder' label='长辈版（大字）' hint='字更大、按钮更大，登录后也保持' on={elder} onChange={(on) => chooseElderMode(on)} />
      {process.env.TARO_ENV === 'weapp' && mode === 'phone' && !wechatOff ? (
        <View className='lp-card'>
          <Btn onClick={() => void loginWithWechat()} busy={busy}>
            微信一键登录
          </Btn>
          <Text className='lp-hint'>也可以用手机号和验证码登录</Text>
        </View>
      ) : null}

      {mode === 'phone' ? (
        <View key='phone-form' className='lp-card login-form' id='phone-form'>
          <View className='lp-field'>
            <Text className='lp-label'>手机号</Text>
            <Input className='lp-input' id='phone' type='number' maxlength={11} placeholder='请输入 11 位手机号' value={phone} onInput={(e) => setPhone(e.detail.value)} />
          </View>
          <View className='lp-field'>
            <Text className='lp-label'>验证码</Text>
            <View className='login-code-row'>
              <Input className='lp-input login-code' id='code' type='number' maxlength={6} placeholder='6 位验证码' value={code} onInput={(e) => setCode(e.detail.value)} />
              <Btn kind='secondary' className='login-send' disabled={wait > 0} busy={busy} onClick={() => void sendCode()}>
                {sendLabel}
              </Btn>
            </View>
            {elder && wait > 0 ? <Text className='lp-hint'>短信可能稍有延迟，收到后填写即可，不用着急</Text> : null}
          </View>
          <Message kind='info' text={info} />
          <Message kind='error' text={error} />
          <Btn className='login-submit' busy={busy} onClick={loginWithPhone}>
            {busy ? '正在登录…' : '登录'}
          </Btn>
        </View>
      ) : (
        <View key='staff-form' className='lp-card login-form' id='staff-form'>
          <View className='lp-field'>
            <Text className='lp-label'>账号</Text>
            <Input className='lp-input' id='username' placeholder='工作人员账号' value={username} onInput={(e) => setUsername(e.detail.value)} />
          </View>
          <View className='lp-field'>
            <Text className='lp-label'>密码</Text>
            <Input className='lp-input' id='password' password placeholder='密码' value={password} onInput={(e) => setPassword(e.detail.value)} />
          </View>
          <Message kind='error' text={error} />
          <Btn className='login-submit' busy={busy} onClick={loginAsStaff}>
            {busy ? '正在登录…' : '登录'}
          </Btn>
        </View>
      )}

      <Btn
        kind='plain'
        className='login-switch'
        onClick={() => {
          say(null)
          setInfo(null)
          setMode(mode === 'phone' ? 'staff' : 'phone')
        }}
      >
        {mode === 'phone' ? '工作人员登录' : '居民手机号登录'}
      </Btn>
      <Text className='lp-hint'>登录即表示你将阅读《邻里通隐私政策》，首次登录后需要确认同意。</Text>
    </Page>
  )
}
