import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View, Text, Input, Picker, Image } from '@tarojs/components'
import type { TBindCodeResponse, TElder, TFamilyLink } from '@contracts'
import { FAMILY_RELATION_LABELS, FAMILY_SCOPE_LABELS } from '@contracts/accounts'
import { api, messageOf } from '@/api'
import { Btn, ListSection, Message, Page, Section, StateView } from '@/components'
import { useAsync } from '@/hooks/use-async'
import { useMe } from '@/stores/session'
import { useAction } from '@/hooks/use-action'
import { ROLE_LABELS } from '@contracts/org'
import { COUNTER_ROLES, hasAnyRole, STAFF_MODULES } from '../modules'
import './index.scss'

function PendingLink({ link, onDone }: { link: TFamilyLink; onDone: () => void }) {
  const { busy, error, act } = useAction(onDone)
  return (
    <View className='lp-card staff-link'>
      <Text className='lp-label'>
        {link.memberName} → {link.elderName}
      </Text>
      <Text className='lp-hint'>
        关系：{FAMILY_RELATION_LABELS[link.relation]}；授权：{link.scopes.map((s) => FAMILY_SCOPE_LABELS[s]).join('、')}
      </Text>
      <Text className='lp-hint'>申请时间：{link.requestedAt.slice(0, 16).replace('T', ' ')}</Text>
      <Btn busy={busy} onClick={() => void act(() => api.confirmFamilyLink(link.id, true))}>
        老人本人在场，确认绑定
      </Btn>
      <Btn kind='secondary' busy={busy} onClick={() => void act(() => api.rejectFamilyLink(link.id))}>
        拒绝
      </Btn>
      <Message kind='error' text={error} />
    </View>
  )
}

function PendingLinks() {
  const list = useAsync(() => api.staffPendingLinks(), [])
  const items = list.data?.items ?? []
  return (
    <ListSection title='待确认的亲情绑定' state={list} empty={items.length === 0} emptyText='没有待确认的绑定申请'>
      {items.map((l) => (
        <PendingLink key={l.id} link={l} onDone={list.reload} />
      ))}
    </ListSection>
  )
}

function BindCode({ elder }: { elder: TElder }) {
  const [code, setCode] = useState<TBindCodeResponse | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const make = async () => {
    setBusy(true)
    setError(null)
    try {
      setCode(await api.createBindCode(elder.id))
    } catch (e) {
      setError(messageOf(e))
    } finally {
      setBusy(false)
    }
  }
  return (
    <View>
      {code ? (
        <View className='staff-code'>
          <Text className='lp-hint'>绑定码（家属在“绑定家里老人”里填写）</Text>
          <Text className='lp-code'>{code.code}</Text>
          <Image className='lp-qr' src={code.qrDataUrl} mode='aspectFit' />
          <Text className='lp-hint'>有效期至 {code.expiresAt.slice(0, 16).replace('T', ' ')}</Text>
        </View>
      ) : null}
      <Btn kind={code ? 'secondary' : 'primary'} busy={busy} onClick={() => void make()}>
        {busy ? '正在生成…' : code ? '重新生成绑定码' : '生成绑定码'}
      </Btn>
      <Message kind='error' text={error} />
    </View>
  )
}

function ElderCard({ elder }: { elder: TElder }) {
  return (
    <View className='lp-card staff-elder'>
      <Text className='lp-label'>
        {elder.name}
        {elder.age !== null ? `（${elder.age} 岁）` : ''}
      </Text>
      <Text className='lp-hint'>身份证：{elder.idNumberMasked ?? '—'}</Text>
      <Text className='lp-hint'>
        {elder.communityName ?? ''} {elder.address ?? ''}
      </Text>
      <Text className='lp-hint'>手机：{elder.phoneMasked ?? '无'}</Text>
      <BindCode elder={elder} />
    </View>
  )
}

const EMPTY_FORM = { name: '', idNumber: '', birthDate: '', address: '', communityId: '', phone: '' }

function RegisterElder() {
  const communities = useAsync(() => api.communities(), [])
  const items = communities.data?.items ?? []
  const [form, setForm] = useState(EMPTY_FORM)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [created, setCreated] = useState<TElder | null>(null)
  const set = (k: keyof typeof EMPTY_FORM) => (v: string) => setForm((f) => ({ ...f, [k]: v }))
  const community = items.find((c) => c.id === form.communityId)

  const submit = async () => {
    setError(null)
    if (!form.name.trim()) return setError('请输入姓名')
    if (!/^\d{17}[\dXx]$/.test(form.idNumber.trim())) return setError('身份证号应为 18 位')
    if (!form.birthDate) return setError('请选择出生日期')
    if (form.address.trim().length < 2) return setError('请输入住址')
    if (!form.communityId) return setError('请选择社区')
    if (form.phone && !/^1[3-9]\d{9}$/.test(form.phone.trim())) return setError('手机号应为 11 位数字')
    setBusy(true)
    try {
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
    } catch (e) {
      setError(messageOf(e))
    } finally {
      setBusy(false)
    }
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
            <StateView loading={communities.loading} error={communities.error} empty={items.length === 0} emptyText='没有可选的社区' onRetry={communities.reload}>
              <Picker mode='selector' range={items.map((c) => c.name)} onChange={(e) => set('communityId')(items[Number(e.detail.value)]?.id ?? '')}>
                <View className='lp-picker'>{community?.name ?? '请选择'}</View>
              </Picker>
            </StateView>
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

function SearchElders() {
  const [q, setQ] = useState('')
  const [query, setQuery] = useState('')
  const list = useAsync(() => api.searchElders(query), [query], Boolean(query))
  const items = list.data?.items ?? []
  return (
    <Section title='查找老人'>
      <View className='lp-row'>
        <Input className='lp-input staff-search' value={q} placeholder='姓名或身份证号' onInput={(e) => setQ(e.detail.value)} onConfirm={() => setQuery(q.trim())} />
        <Btn kind='secondary' onClick={() => setQuery(q.trim())}>
          查找
        </Btn>
      </View>
      {query ? (
        <StateView loading={list.loading} error={list.error} empty={items.length === 0} emptyText='没有找到这位老人' onRetry={list.reload}>
          {items.map((e) => (
            <ElderCard key={e.id} elder={e} />
          ))}
        </StateView>
      ) : null}
    </Section>
  )
}

export default function StaffHomePage() {
  const { me, signedIn } = useMe()
  if (!signedIn) {
    return (
      <Page title='工作台'>
        <Text className='lp-body lp-block'>请先用工作人员账号登录。</Text>
        <Btn onClick={() => void Taro.navigateTo({ url: '/pages/login/index' })}>登录</Btn>
      </Page>
    )
  }
  if (me && !me.user.isStaff) {
    return (
      <Page title='工作台'>
        <Text className='lp-body lp-block'>工作台只对社区工作人员开放。</Text>
      </Page>
    )
  }
  // only what this person's roles allow (the server would answer 没有权限 to the rest)
  const modules = STAFF_MODULES.filter((m) => hasAnyRole(me?.roles, m.roles))
  const counter = hasAnyRole(me?.roles, COUNTER_ROLES)
  return (
    <Page title='工作台' className='staff staff-home'>
      {me ? <Text className='lp-hint staff-who'>{me.user.name} · {[...new Set(me.roles.filter((r) => r.role !== 'resident').map((r) => `${ROLE_LABELS[r.role]}（${r.orgUnitName}）`))].join('、')}</Text> : null}
      {modules.map((m) => (
        <Btn key={m.key} className={`staff-${m.key}-entry staff-module`} onClick={() => void Taro.navigateTo({ url: m.url })}>
          {m.label}
        </Btn>
      ))}
      {counter ? (
        <>
          <PendingLinks />
          <SearchElders />
          <RegisterElder />
        </>
      ) : null}
    </Page>
  )
}
