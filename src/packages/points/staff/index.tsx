import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View, Text, Input, Image, Picker } from '@tarojs/components'
import type { TEarning, TEventCode, TRedemption } from '@contracts/points'
import { pointsApi } from '@/api/points'
import { Btn, ListSection, Message, Page, Section, StateView, CommunityPicker } from '@/components'
import { POINTS_STAFF_ROLES } from '@/packages/staff/modules'
import { useAsync } from '@/hooks/use-async'
import { dayOf, minuteOf } from '../format'
import { useAction } from '@/hooks/use-action'
import './index.scss'

/** 核销: scan the resident's code with the phone camera (mini-program), or type the 8 digits. */
function Counter() {
  const [code, setCode] = useState('')
  const [found, setFound] = useState<TRedemption | null>(null)
  const { busy, msg, act, fail } = useAction()
  const lookUp = (typed: string, id?: string) =>
    act(async () => {
      try {
        const r = await pointsApi.findByCode(typed)
        if (id && r.id !== id) throw new Error('二维码和核销码对不上')
        setFound(r)
      } catch (e) {
        setFound(null)
        throw e
      }
    })
  const scan = async () => {
    try {
      const r = await Taro.scanCode({ onlyFromCamera: true })
      const m = /^linli:redeem:([0-9a-f-]{36}):(\d{8})$/.exec(r.result)
      if (!m) throw new Error()
      setCode(m[2])
      await lookUp(m[2], m[1])
    } catch {
      fail('没有识别到兑换码，可以直接输入 8 位核销码')
    }
  }
  const redeem = async () => {
    if (!found) return
    await act(async () => {
      const r = await pointsApi.redeemAtCounter(found.id, code)
      setFound(null)
      setCode('')
      return `核销成功：${r.goodsName}，已交给 ${r.userName}`
    })
  }
  return (
    <Section title='兑换核销'>
      {process.env.TARO_ENV === 'weapp' ? <Btn onClick={() => void scan()}>扫居民的兑换码</Btn> : null}
      <Input className='pts-input' type='number' maxlength={8} value={code} placeholder='输入 8 位核销码' onInput={(e) => setCode(e.detail.value)} />
      <Btn kind='secondary' busy={busy} disabled={!/^\d{8}$/.test(code)} onClick={() => void lookUp(code)}>
        查找
      </Btn>
      {found ? (
        <View className='lp-card'>
          <Text className='lp-body lp-block'>
            {found.userName} 兑换「{found.goodsName}」
          </Text>
          <Text className='lp-hint'>
            {found.points} 积分 · {dayOf(found.createdAt)} 兑换
          </Text>
          <Btn busy={busy} onClick={() => void redeem()}>
            确认交付，核销
          </Btn>
        </View>
      ) : null}
      <Message kind={msg?.kind} text={msg?.text} />
    </Section>
  )
}

function Application({ e, onDone }: { e: TEarning; onDone: () => void }) {
  const [reason, setReason] = useState('')
  const [rejecting, setRejecting] = useState(false)
  const { busy, error, act } = useAction(onDone)
  return (
    <View className='lp-card'>
      <Text className='lp-body lp-block'>
        {e.userName} · {e.ruleName}
      </Text>
      <Text className='lp-hint'>{e.note}</Text>
      <Text className='lp-hint'>{minuteOf(e.createdAt)}</Text>
      {rejecting ? (
        <View>
          <Input className='pts-input' value={reason} placeholder='不通过的原因（居民会看到）' onInput={(x) => setReason(x.detail.value)} />
          <Btn kind='danger' busy={busy} disabled={reason.trim().length < 2} onClick={() => void act(() => pointsApi.reject(e.id, reason))}>
            确认不通过
          </Btn>
        </View>
      ) : (
        <View className='lp-row'>
          <Btn busy={busy} onClick={() => void act(() => pointsApi.approve(e.id))}>
            通过，加分
          </Btn>
          <Btn kind='secondary' onClick={() => setRejecting(true)}>
            不通过
          </Btn>
        </View>
      )}
      <Message kind='error' text={error} />
    </View>
  )
}

function Review() {
  const q = useAsync(() => pointsApi.queue(), [])
  const items = q.data?.items ?? []
  return (
    <ListSection title='积分申请审核' state={q} empty={items.length === 0} emptyText='没有待审核的申请'>
      {items.map((e) => (
        <Application key={e.id} e={e} onDone={q.reload} />
      ))}
    </ListSection>
  )
}

function EventQr() {
  const cat = useAsync(() => pointsApi.catalogue(), [])
  const rules = (cat.data?.rules ?? []).filter((r) => r.active && (r.kind === 'event_attendance' || r.kind === 'garbage_sorting' || r.kind === 'volunteer_service'))
  const [pick, setPick] = useState(0)
  const [title, setTitle] = useState('')
  const { busy, error, act } = useAction()
  const [made, setMade] = useState<TEventCode | null>(null)
  const make = async () => {
    const rule = rules[pick]
    if (!rule) return
    await act(async () => {
      setMade(await pointsApi.createEvent(rule.id, title.trim() || rule.name, 120))
    })
  }
  return (
    <Section title='活动签到二维码'>
      <StateView loading={cat.loading} error={cat.error} empty={rules.length === 0} emptyText='没有可用于签到的积分规则' onRetry={cat.reload}>
        <Picker mode='selector' range={rules.map((r) => `${r.name}（${r.points} 分）`)} onChange={(e) => setPick(Number(e.detail.value))}>
          <View className='pts-input'>
            <Text className='lp-body'>{rules[pick] ? `${rules[pick].name}（${rules[pick].points} 分）` : '选择积分规则'}</Text>
          </View>
        </Picker>
        <Input className='pts-input' value={title} placeholder='活动名称，例如：重阳节敬老活动' onInput={(e) => setTitle(e.detail.value)} />
        <Btn busy={busy} onClick={() => void make()}>
          生成签到二维码（2 小时内有效）
        </Btn>
        {made ? (
          <View className='lp-card'>
            <Text className='lp-body lp-block'>{made.title}</Text>
            <Image className='pts-qr' src={made.qrDataUrl} mode='aspectFit' />
            <Text className='lp-hint'>有效至 {minuteOf(made.expiresAt)}· 居民用微信或手机相机扫码签到，每人一次</Text>
          </View>
        ) : null}
        <Message kind='error' text={error} />
      </StateView>
    </Section>
  )
}

function Books() {
  const { busy, msg, act } = useAction()
  const check = () =>
    act(async () => {
      const r = await pointsApi.reconcile()
      return r.ok ? `账目平衡：${r.journals} 笔记录、${r.accounts} 个账户，核对无误` : `发现差异：${r.unbalancedJournals.length} 笔记录不平、${r.driftedAccounts.length} 个账户余额不符`
    })
  return (
    <Section title='对账'>
      <Btn kind='secondary' busy={busy} onClick={() => void check()}>
        核对本社区积分账目
      </Btn>
      <Message text={msg?.text} />
    </Section>
  )
}

const TOOLS = [
  { url: '/packages/points/staff/rules/index', label: '积分规则设置' },
  { url: '/packages/points/staff/goods/index', label: '商品与库存' },
  { url: '/packages/points/staff/adjust/index', label: '积分调整' },
  { url: '/packages/points/staff/ledger/index', label: '积分台账与导出' },
]

function Tools() {
  return (
    <Section title='管理'>
      <View className='lp-row pts-tools'>
        {TOOLS.map((t) => (
          <Btn key={t.url} kind='secondary' onClick={() => void Taro.navigateTo({ url: t.url })}>
            {t.label}
          </Btn>
        ))}
      </View>
    </Section>
  )
}

function PointsStaffPageBody() {
  return (
    <>
      <Counter />
      <Review />
      <EventQr />
      <Books />
      <Tools />
    </>
  )
}

/** Staff covering several communities pick one first (the points are a community's). */
export default function PointsStaffPage() {
  return (
    <Page title='积分管理'>
      <CommunityPicker roles={POINTS_STAFF_ROLES}>
        <PointsStaffPageBody />
      </CommunityPicker>
    </Page>
  )
}
