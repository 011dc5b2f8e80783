import { useState } from 'react'
import Taro, { useDidShow } from '@tarojs/taro'
import { View, Text, Picker } from '@tarojs/components'
import type { TConsentKind, TFamilyLink, TMeResponse } from '@contracts'
import { ROLE_LABELS } from '@contracts/org'
import { FAMILY_RELATION_LABELS } from '@contracts/accounts'
import { api, messageOf } from '@/api'
import { Btn, Message, Page, Section, StateView, Toggle } from '@/components'
import { useAsync } from '@/hooks/use-async'
import { chooseElderMode, useElderMode } from '@/stores/elder-mode'
import { loadMe, setMe, signOut, useMe } from '@/stores/session'
import { useAction } from '@/hooks/use-action'
import './index.scss'
import { shanghaiDateTime } from '@/utils/shanghai'
import { openLink } from '@/utils/open-link'

const STATUS_LABELS: Record<TFamilyLink['status'], string> = {
  pending: '待确认',
  active: '已绑定',
  rejected: '已拒绝',
  revoked: '已解除',
}

function ElderModeToggle() {
  const elder = useElderMode()
  const { me } = useMe()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const change = async (next: boolean) => {
    setError(null)
    chooseElderMode(next)
    if (!me) return
    setBusy(true)
    try {
      setMe(await api.updateMe({ elderMode: next }))
    } catch (e) {
      setError(`已在本机切换，但没能保存到账号：${messageOf(e)}`)
    } finally {
      setBusy(false)
    }
  }
  return (
    <>
      <Toggle
        className='me-elder-toggle'
        label='长辈模式'
        hint='字更大、按钮更大、没有弹窗'
        on={elder}
        busy={busy}
        onChange={(n) => void change(n)}
      />
      <Message kind='error' text={error} />
    </>
  )
}

function CommunityPicker() {
  const list = useAsync(() => api.communities(), [])
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const items = list.data?.items ?? []
  return (
    <View className='me-community-pick'>
      <StateView
        loading={list.loading}
        error={list.error}
        empty={items.length === 0}
        emptyText='暂时没有可选的社区'
        onRetry={list.reload}
      >
        <Picker
          mode='selector'
          range={items.map((c) => `${c.name}（${c.clusterName}）`)}
          onChange={async (e) => {
            const c = items[Number(e.detail.value)]
            if (!c) return
            setBusy(true)
            setError(null)
            try {
              setMe(await api.updateMe({ communityId: c.id }))
            } catch (err) {
              setError(messageOf(err))
            } finally {
              setBusy(false)
            }
          }}
        >
          <View className='lp-btn lp-btn-secondary'>{busy ? '正在保存…' : '选择所在社区'}</View>
        </Picker>
      </StateView>
      <Message kind='error' text={error} />
    </View>
  )
}

function LinkRow({ link, me }: { link: TFamilyLink; me: TMeResponse }) {
  const { busy, error, act } = useAction(loadMe)
  const [confirmRevoke, setConfirmRevoke] = useState(false)
  const asElder = link.elderId === me.user.id
  const who = asElder ? `${link.memberName}（${FAMILY_RELATION_LABELS[link.relation]}）` : link.elderName
  return (
    <View className='lp-card me-link'>
      <View className='lp-row'>
        <Text className='me-link-name'>{who}</Text>
        <Text className={`lp-tag lp-tag-${link.status}`}>{STATUS_LABELS[link.status]}</Text>
      </View>
      {!asElder ? <Text className='lp-hint'>关系：{FAMILY_RELATION_LABELS[link.relation]}</Text> : null}
      {asElder && link.status === 'pending' ? (
        <>
          <Text className='lp-body lp-block'>{link.memberName} 申请与你绑定亲情账户，可以帮你办理事项。</Text>
          <View className='lp-row'>
            <Btn busy={busy} onClick={() => void act(() => api.confirmFamilyLink(link.id))}>
              同意
            </Btn>
            <Btn kind='secondary' busy={busy} onClick={() => void act(() => api.rejectFamilyLink(link.id))}>
              拒绝
            </Btn>
          </View>
        </>
      ) : null}
      {link.status === 'active' || (!asElder && link.status === 'pending') ? (
        confirmRevoke ? (
          <View>
            <Text className='lp-body lp-block'>确定解除与{who}的绑定吗？</Text>
            <View className='lp-row'>
              <Btn kind='danger' busy={busy} onClick={() => void act(() => api.revokeFamilyLink(link.id))}>
                确定解除
              </Btn>
              <Btn kind='secondary' onClick={() => setConfirmRevoke(false)}>
                取消
              </Btn>
            </View>
          </View>
        ) : (
          <Btn kind='danger' onClick={() => setConfirmRevoke(true)}>
            {link.status === 'pending' ? '撤回申请' : '解除绑定'}
          </Btn>
        )
      ) : null}
      <Message kind='error' text={error} />
    </View>
  )
}

function FamilySection({ me }: { me: TMeResponse }) {
  const visible = me.familyLinks.filter((l) => l.status === 'pending' || l.status === 'active')
  const asMember = visible.filter((l) => l.memberId === me.user.id)
  const asElder = visible.filter((l) => l.elderId === me.user.id)
  return (
    <Section title='亲情账户'>
      {asElder.length > 0 ? <Text className='lp-hint'>家人与我的绑定</Text> : null}
      {asElder.map((l) => (
        <LinkRow key={l.id} link={l} me={me} />
      ))}
      {asMember.length > 0 ? <Text className='lp-hint'>我关注的老人</Text> : null}
      {asMember.map((l) => (
        <LinkRow key={l.id} link={l} me={me} />
      ))}
      {visible.length === 0 ? (
        <View className='lp-state lp-state-empty'>
          <Text className='lp-state-text'>还没有绑定的家人</Text>
        </View>
      ) : null}
      <Btn kind='secondary' onClick={() => void Taro.navigateTo({ url: '/packages/family/bind/index' })}>
        绑定家里老人
      </Btn>
    </Section>
  )
}

const CONSENT_LABELS: Record<Exclude<TConsentKind, 'privacy'>, { label: string; hint: string }> = {
  health: { label: '健康信息授权', hint: '用于预约老年人免费体检' },
  location: { label: '位置信息授权', hint: '随手拍时附带照片位置' },
}

function ConsentToggle({ kind, me }: { kind: 'health' | 'location'; me: TMeResponse }) {
  const on = me.consents.some((c) => c.kind === kind)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const change = async (next: boolean) => {
    setBusy(true)
    setError(null)
    try {
      if (next) {
        const doc = await api.consentDocument(kind)
        setMe(await api.giveConsent(kind, doc.version))
      } else {
        setMe(await api.withdrawConsent(kind))
      }
    } catch (e) {
      setError(messageOf(e))
    } finally {
      setBusy(false)
    }
  }
  return (
    <>
      <Toggle
        label={CONSENT_LABELS[kind].label}
        hint={CONSENT_LABELS[kind].hint}
        on={on}
        busy={busy}
        onChange={(n) => void change(n)}
      />
      <Message kind='error' text={error} />
    </>
  )
}

function Notices() {
  // opening the list marks everything read; the list itself still shows which were new
  const list = useAsync(async () => {
    const page = await api.notices()
    if (page.items.some((n) => !n.readAt)) await api.markNoticesRead()
    return page
  }, [])
  const items = list.data?.items ?? []
  return (
    <StateView loading={list.loading} error={list.error} empty={items.length === 0} emptyText='没有消息' onRetry={list.reload}>
      {items.map((n) => (
        // every notice opens its object (the report, the booking, the service)
        <View key={n.id} className={`lp-card me-notice ${n.readAt ? '' : 'is-unread'}`} onClick={() => void openLink(n.link)}>
          <Text className='lp-label'>{n.title}</Text>
          <Text className='lp-body lp-block'>{n.body}</Text>
          <Text className='lp-hint'>{`${shanghaiDateTime(n.createdAt)} · 查看 ›`}</Text>
        </View>
      ))}
    </StateView>
  )
}

function Profile({ me }: { me: TMeResponse }) {
  const [showNotices, setShowNotices] = useState(false)
  const u = me.user
  return (
    <>
      <View className='lp-card me-profile'>
        <Text className='me-name'>{u.name}</Text>
        <Text className='lp-hint me-phone'>{u.phoneMasked ?? '未绑定手机号'}</Text>
        <View className='me-roles'>
          {me.roles.map((r) => (
            <Text key={`${r.role}-${r.orgUnitId}`} className='lp-tag me-role'>
              {ROLE_LABELS[r.role] ?? r.role}
              {r.orgUnitName ? ` · ${r.orgUnitName}` : ''}
            </Text>
          ))}
        </View>
        <View className='lp-kv'>
          <Text className='lp-kv-key'>所在社区</Text>
          <Text className='lp-kv-value'>{u.communityName ?? '未选择'}</Text>
        </View>
        {u.communityId ? null : <CommunityPicker />}
      </View>

      {u.isStaff ? (
        <Btn className='me-staff-entry' onClick={() => void Taro.navigateTo({ url: '/packages/staff/index/index' })}>
          工作台
        </Btn>
      ) : null}

      <ElderModeToggle />

      <FamilySection me={me} />

      <Section title='消息'>
        <View className='lp-kv'>
          <Text className='lp-kv-key'>未读消息</Text>
          <Text className='lp-kv-value me-unread'>{me.unreadNotices} 条</Text>
        </View>
        {showNotices ? (
          <Notices />
        ) : (
          <Btn kind='secondary' onClick={() => setShowNotices(true)}>
            查看消息
          </Btn>
        )}
      </Section>

      <Section title='授权管理'>
        <ConsentToggle kind='health' me={me} />
        <ConsentToggle kind='location' me={me} />
      </Section>

      <SignOutButtons />
    </>
  )
}

function SignOutButtons() {
  const [busy, setBusy] = useState(false)
  const out = async (where: 'this' | 'everywhere') => {
    setBusy(true)
    await signOut(where)
    setBusy(false)
  }
  return (
    <>
      <Btn kind='danger' className='me-logout' busy={busy} onClick={() => void out('this')}>
        退出登录
      </Btn>
      <Btn kind='secondary' className='me-logout-all' busy={busy} onClick={() => void out('everywhere')}>
        在所有设备上退出
      </Btn>
    </>
  )
}

export default function MePage() {
  const state = useMe()
  useDidShow(() => {
    void loadMe()
  })

  return (
    <Page title='我的' className='me'>
      {!state.signedIn ? (
        <>
          <View className='lp-card'>
            <Text className='lp-body lp-block'>登录后可以查看积分、时间银行和亲情账户。</Text>
            <Btn className='me-login' onClick={() => void Taro.navigateTo({ url: '/pages/login/index' })}>
              登录
            </Btn>
          </View>
          <ElderModeToggle />
        </>
      ) : state.me ? (
        <Profile me={state.me} />
      ) : (
        <StateView loading={state.loading || !state.error} error={state.error} empty emptyText='' onRetry={() => void loadMe()} />
      )}
    </Page>
  )
}
