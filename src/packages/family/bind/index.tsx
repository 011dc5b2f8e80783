import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View, Text, Input } from '@tarojs/components'
import type { TFamilyLink, TFamilyRelation, TFamilyScope } from '@contracts'
import { FAMILY_RELATIONS, FAMILY_RELATION_LABELS, FAMILY_SCOPES, FAMILY_SCOPE_LABELS } from '@contracts/accounts'
import { api } from '@/api'
import { Btn, Message, Page } from '@/components'
import { useAction } from '@/hooks/use-action'
import { loadMe, useMe } from '@/stores/session'

type By = 'phone' | 'code'

export default function FamilyBindPage() {
  const { signedIn } = useMe()
  const [by, setBy] = useState<By>('phone')
  const [phone, setPhone] = useState('')
  const [code, setCode] = useState('')
  const [relation, setRelation] = useState<TFamilyRelation>('child')
  const [scopes, setScopes] = useState<TFamilyScope[]>(['book_checkups', 'receive_notices'])
  const { busy, error, act, fail } = useAction()
  const [done, setDone] = useState<TFamilyLink | null>(null)

  const toggleScope = (s: TFamilyScope) => setScopes((cur) => (cur.includes(s) ? cur.filter((x) => x !== s) : [...cur, s]))

  const submit = async () => {
    if (by === 'phone' && !/^1[3-9]\d{9}$/.test(phone.trim())) return fail('老人的手机号应为 11 位数字')
    if (by === 'code' && !/^(\d{8}|\d{12})$/.test(code.replace(/\s/g, ''))) return fail('绑定码是 12 位数字')
    if (scopes.length === 0) return fail('至少选择一项授权')
    await act(async () => {
      const link = await api.requestFamilyLink({
        ...(by === 'phone' ? { elderPhone: phone.trim() } : { bindCode: code.replace(/\s/g, '') }),
        relation,
        scopes,
      })
      setDone(link)
      void loadMe()
    })
  }

  if (!signedIn) {
    return (
      <Page title='绑定家里老人'>
        <Text className='lp-body lp-block'>请先登录再绑定家人。</Text>
        <Btn onClick={() => void Taro.navigateTo({ url: '/pages/login/index' })}>登录</Btn>
      </Page>
    )
  }

  if (done) {
    return (
      <Page title='已发出绑定申请'>
        <View className='lp-card'>
          <Text className='lp-body lp-block'>
            已向{done.elderName}发出申请。{by === 'code' ? '请老人本人在社区工作人员面前确认，或由老人在自己的手机上同意。' : '请老人打开邻里通，在“我的”里点“同意”。'}
          </Text>
          <Text className='lp-tag lp-tag-pending'>待确认</Text>
        </View>
        <Btn onClick={() => void Taro.switchTab({ url: '/pages/me/index' })}>回到我的</Btn>
      </Page>
    )
  }

  return (
    <Page title='绑定家里老人'>
      <Text className='lp-hint'>绑定后，你可以按老人同意的范围帮 TA 办事。老人确认前不会生效。</Text>
      <View className='lp-field'>
        <Text className='lp-label'>怎么找到老人</Text>
        <View>
          <View className={`lp-choice ${by === 'phone' ? 'is-on' : ''}`} onClick={() => setBy('phone')}>
            老人的手机号
          </View>
          <View className={`lp-choice ${by === 'code' ? 'is-on' : ''}`} onClick={() => setBy('code')}>
            社区给的绑定码
          </View>
        </View>
      </View>
      {by === 'phone' ? (
        <View className='lp-field'>
          <Text className='lp-label'>老人的手机号</Text>
          <Input className='lp-input' type='number' maxlength={11} placeholder='11 位手机号' value={phone} onInput={(e) => setPhone(e.detail.value)} />
        </View>
      ) : (
        <View className='lp-field'>
          <Text className='lp-label'>12 位绑定码</Text>
          <Input className='lp-input' type='number' maxlength={12} placeholder='老人没有手机时，由社区登记后发放' value={code} onInput={(e) => setCode(e.detail.value)} />
        </View>
      )}
      <View className='lp-field'>
        <Text className='lp-label'>你是老人的</Text>
        <View>
          {FAMILY_RELATIONS.map((r) => (
            <View key={r} className={`lp-choice ${relation === r ? 'is-on' : ''}`} onClick={() => setRelation(r)}>
              {FAMILY_RELATION_LABELS[r]}
            </View>
          ))}
        </View>
      </View>
      <View className='lp-field'>
        <Text className='lp-label'>请求老人授权</Text>
        <View>
          {FAMILY_SCOPES.map((s) => (
            <View key={s} className={`lp-choice ${scopes.includes(s) ? 'is-on' : ''}`} onClick={() => toggleScope(s)}>
              {scopes.includes(s) ? '✓ ' : ''}
              {FAMILY_SCOPE_LABELS[s]}
            </View>
          ))}
        </View>
      </View>
      <Message kind='error' text={error} />
      <Btn busy={busy} onClick={() => void submit()}>
        {busy ? '正在提交…' : '发出绑定申请'}
      </Btn>
    </Page>
  )
}
