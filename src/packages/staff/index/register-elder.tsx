import { useState } from 'react'
import { View, Text, Input, Picker } from '@tarojs/components'
import type { TElder } from '@contracts'
import { api } from '@/api'
import { Btn, CommunitySelect, Message, Section } from '@/components'
import { useAction } from '@/hooks/use-action'
import { ElderCard } from './elder-card'

const EMPTY_FORM = { name: '', idNumber: '', birthDate: '', address: '', communityId: '', phone: '' }

/** 登记老人（无手机）: an elder registered at the counter, then given a 绑定码 for the family. */
export function RegisterElder() {
  const [form, setForm] = useState(EMPTY_FORM)
  const { busy, error, act, fail } = useAction()
  const [created, setCreated] = useState<TElder | null>(null)
  const set = (k: keyof typeof EMPTY_FORM) => (v: string) => setForm((f) => ({ ...f, [k]: v }))

  const submit = async () => {
    if (!form.name.trim()) return fail('请输入姓名')
    if (!/^\d{17}[\dXx]$/.test(form.idNumber.trim())) return fail('身份证号应为 18 位')
    if (!form.birthDate) return fail('请选择出生日期')
    if (form.address.trim().length < 2) return fail('请输入住址')
    if (!form.communityId) return fail('请选择社区')
    if (form.phone && !/^1[3-9]\d{9}$/.test(form.phone.trim())) return fail('手机号应为 11 位数字')
    await act(async () => {
      const elder = await api.registerElder({
        name: form.name.trim(),
        idNumber: form.idNumber.trim().toUpperCase(),
        birthDate: form.birthDate,
        address: form.address.trim(),
        communityId: form.communityId,
        ...(form.phone.trim() ? { phone: form.phone.trim() } : {}),
      })
      setCreated(elder)
      setForm(EMPTY_FORM)
    })
  }

  return (
    <Section title='登记老人（无手机）'>
      {created ? (
        <>
          <Message kind='success' text={`已登记 ${created.name}`} />
          <ElderCard elder={created} />
          <Btn kind='secondary' onClick={() => setCreated(null)}>
            继续登记
          </Btn>
        </>
      ) : (
        <View className='lp-card'>
          <View className='lp-field'>
            <Text className='lp-label'>姓名</Text>
            <Input className='lp-input' value={form.name} placeholder='老人姓名' onInput={(e) => set('name')(e.detail.value)} />
          </View>
          <View className='lp-field'>
            <Text className='lp-label'>身份证号</Text>
            <Input className='lp-input' type='idcard' maxlength={18} value={form.idNumber} placeholder='18 位' onInput={(e) => set('idNumber')(e.detail.value)} />
          </View>
          <View className='lp-field'>
            <Text className='lp-label'>出生日期</Text>
            <Picker mode='date' value={form.birthDate || '1950-01-01'} start='1900-01-01' end='2010-12-31' onChange={(e) => set('birthDate')(String(e.detail.value))}>
              <View className='lp-picker'>{form.birthDate || '请选择'}</View>
            </Picker>
          </View>
          <View className='lp-field'>
            <Text className='lp-label'>住址</Text>
            <Input className='lp-input' value={form.address} placeholder='小区、楼栋、门牌' onInput={(e) => set('address')(e.detail.value)} />
          </View>
          <View className='lp-field'>
            <Text className='lp-label'>社区</Text>
            <CommunitySelect value={form.communityId} onChange={(c) => set('communityId')(c.id)} />
          </View>
          <View className='lp-field'>
            <Text className='lp-label'>手机号（可不填）</Text>
            <Input className='lp-input' type='number' maxlength={11} value={form.phone} placeholder='没有可不填' onInput={(e) => set('phone')(e.detail.value)} />
          </View>
          <Message kind='error' text={error} />
          <Btn busy={busy} onClick={() => void submit()}>
            {busy ? '正在登记…' : '登记'}
          </Btn>
        </View>
      )}
    </Section>
  )
}
