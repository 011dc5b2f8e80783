import { type PropsWithChildren, useMemo, useRef, useState } from 'react'
import Taro from '@tarojs/taro'
import { View, Text, Input, Image } from '@tarojs/components'
import type { TElder } from '@contracts/accounts'
import type { TBookingDetail, TSession } from '@contracts/checkups'
import { BOOKING_STATUS_LABELS } from '@contracts/checkups'
import { api, ApiError, messageOf } from '@/api'
import { checkupsApi, checkupsStaffApi, downloadBookingPass, newActionKey } from '@/api/checkups'
import { Btn, Message, Page, Section, StateView } from '@/components'
import { useAction } from '@/hooks/use-action'
import { useAsync } from '@/hooks/use-async'
import { dayKey, dayLabel, timeLabel, whenLabel } from '@/packages/checkups/time'
import { useStaffCampaign } from '../shared'
import './index.scss'

type Problem = { code: 'HEALTH_CONSENT_REQUIRED' | 'NOT_ELIGIBLE'; text: string; sessionId: string } | null

/**
 * 窗口/电话预约: staff find the elder by name or ID number, choose a session (the places held back
 * for the counter count too) and book; the elder's consent can be recorded here with the elder present.
 */
function BookFor({ elder, campaignId, onBooked }: { elder: TElder; campaignId: string; onBooked: (b: TBookingDetail) => void }) {
  const sessions = useAsync(() => checkupsApi.sessions(campaignId), [campaignId])
  const [channel, setChannel] = useState<'counter' | 'phone'>('counter')
  const [day, setDay] = useState<string | null>(null)
  const { busy: acting, error, act } = useAction()
  // which session's button is busy
  const [target, setTarget] = useState<string | null>(null)
  const busy = acting ? target : null
  const [problem, setProblem] = useState<Problem>(null)
  const [reason, setReason] = useState('')
  // one key per attempt: a retry after a network failure reuses it, an answered attempt does not
  const key = useRef(newActionKey())
  const now = Date.now()
  const days = useMemo(() => {
    const open = (sessions.data?.items ?? []).filter((s) => s.status === 'open' && new Date(s.startsAt).getTime() > now)
    const map = new Map<string, TSession[]>()
    for (const s of open) map.set(dayKey(s.startsAt), [...(map.get(dayKey(s.startsAt)) ?? []), s])
    return [...map.entries()]
    // recomputed when the sessions load, not on every render's clock tick
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [sessions.data])
  const slots = days.find(([k]) => k === day)?.[1]
  const bookNow = async (sessionId: string, overrideReason?: string) => {
    try {
      const b = await checkupsStaffApi.bookFor(elder.id, sessionId, channel, `${key.current}-${sessionId}`, overrideReason)
      onBooked(await checkupsApi.booking(b.id))
    } catch (e) {
      if (e instanceof ApiError && e.status > 0) key.current = newActionKey()
      sessions.reload()
      // consent missing or not eligible: asked below (record consent / override with a reason), not an error
      if (e instanceof ApiError && (e.code === 'HEALTH_CONSENT_REQUIRED' || e.code === 'NOT_ELIGIBLE')) setProblem({ code: e.code, text: e.message, sessionId })
      else throw e
    }
  }
  const book = (sessionId: string, overrideReason?: string) => {
    setTarget(sessionId)
    return act(() => bookNow(sessionId, overrideReason))
  }
  const recordConsent = async () => {
    if (!problem) return
    const { sessionId } = problem
    setTarget(sessionId)
    await act(async () => {
      const doc = await api.consentDocument('health')
      await checkupsStaffApi.recordElderConsent(elder.id, 'health', doc.version)
      setProblem(null)
      await bookNow(sessionId)
    })
  }
  return (
    <View>
      <View className='cks-row'>
        <View className={`lp-choice ${channel === 'counter' ? 'is-on' : ''}`} ariaRole='button' onClick={() => setChannel('counter')}>
          窗口办理
        </View>
        <View className={`lp-choice ${channel === 'phone' ? 'is-on' : ''}`} ariaRole='button' onClick={() => setChannel('phone')}>
          电话预约
        </View>
      </View>
      {problem?.code === 'HEALTH_CONSENT_REQUIRED' ? (
        <View className='lp-card'>
          <Text className='cks-line'>{elder.name}还没有同意健康信息授权</Text>
          <Text className='cks-sub'>请向老人说明：信息只用于安排体检，只有社区和卫生服务中心能看到。老人同意后登记。</Text>
          <Btn busy={Boolean(busy)} onClick={() => void recordConsent()}>
            老人已同意，登记授权并预约
          </Btn>
        </View>
      ) : null}
      {problem?.code === 'NOT_ELIGIBLE' ? (
        <View className='lp-card'>
          <Text className='cks-line'>{problem.text}</Text>
          <Text className='cks-sub'>如确需安排（例如户籍不在本社区但长期居住），请写明原因，会记录在案。</Text>
          <Input className='lp-input' value={reason} placeholder='例如：长期居住在本社区' onInput={(e) => setReason(e.detail.value)} />
          <Btn busy={Boolean(busy)} disabled={reason.trim().length < 2} onClick={() => void book(problem.sessionId, reason.trim())}>
            写明原因后预约
          </Btn>
        </View>
      ) : null}
      <Message kind='error' text={error} />
      <StateView loading={sessions.loading} error={sessions.error} empty={days.length === 0} emptyText='没有可以预约的场次' onRetry={sessions.reload}>
        {slots ? (
          <View>
            <Text className='cks-line'>{dayLabel(slots[0].startsAt)}</Text>
            {slots.map((s) => {
              const left = s.capacity - s.booked
              return (
                <View key={s.id} className='lp-card'>
                  <Text className='cks-sub'>
                    {timeLabel(s.startsAt)}–{timeLabel(s.endsAt)} · {s.place}
                  </Text>
                  <Text className={`cks-sub ${left === 0 ? 'cks-warn' : ''}`}>{left > 0 ? `空 ${left} 个（含窗口预留）` : '已约满'}</Text>
                  {left > 0 ? (
                    <Btn busy={busy === s.id} onClick={() => void book(s.id)}>
                      约这一场
                    </Btn>
                  ) : null}
                </View>
              )
            })}
            <Btn kind='plain' onClick={() => setDay(null)}>
              换一天
            </Btn>
          </View>
        ) : (
          <View className='cks-grid'>
            {days.map(([k, ss]) => {
              const left = ss.reduce((n, s) => n + s.capacity - s.booked, 0)
              return (
                <View key={k} className='lp-card' ariaRole='button' onClick={() => setDay(k)}>
                  <Text className='cks-line'>{dayLabel(ss[0].startsAt)}</Text>
                  <Text className={`cks-sub ${left === 0 ? 'cks-warn' : ''}`}>{left > 0 ? `空 ${left} 个` : '已约满'}</Text>
                </View>
              )
            })}
          </View>
        )}
      </StateView>
    </View>
  )
}

/**
 * The elder's current booking in this campaign, shown at once with its QR (no days offered for
 * someone already booked or done); only an elder with none gets the booking form.
 */
function ExistingBooking({ elder, campaignId, children }: PropsWithChildren<{ elder: TElder; campaignId: string }>) {
  const list = useAsync(() => checkupsStaffApi.elderBookings(elder.id), [elder.id])
  const current = (list.data?.items ?? []).find((b) => b.campaignId === campaignId && b.status !== 'cancelled')
  const detail = useAsync(() => checkupsApi.booking(current!.id), [current?.id], Boolean(current))
  if (list.loading || list.error || !list.data) {
    return <StateView loading={list.loading} error={list.error} empty emptyText='正在查这位老人的预约…' onRetry={list.reload} />
  }
  if (!current) return <>{children}</>
  return (
    <View className='lp-card cks-existing'>
      <Text className='cks-line'>
        {elder.name}已经预约过：{BOOKING_STATUS_LABELS[current.status]}
      </Text>
      <Text className='cks-sub'>
        {whenLabel(current.session.startsAt)} · {current.session.place}
      </Text>
      <Text className='cks-sub'>
        {current.bookedByName}（{current.channel === 'counter' ? '窗口' : current.channel === 'phone' ? '电话' : '线上'}）代约 · 请带：{current.bring}
      </Text>
      {detail.data ? <Image className='cks-qr' src={detail.data.qrDataUrl} mode='aspectFit' ariaLabel='签到二维码' /> : null}
      {detail.data ? <Text className='cks-code'>签到码 {detail.data.shortCode}</Text> : null}
      <Text className='cks-sub'>每位老人每年约一次；要改时间请让老人或家属在「体检预约」里改约，或取消后重新预约。</Text>
    </View>
  )
}

export default function CheckupCounterPage() {
  const { list, campaign } = useStaffCampaign()
  const [q, setQ] = useState('')
  const [query, setQuery] = useState('')
  const found = useAsync(() => api.searchElders(query), [query], Boolean(query))
  const [elder, setElder] = useState<TElder | null>(null)
  const [booked, setBooked] = useState<TBookingDetail | null>(null)
  const items = found.data?.items ?? []
  const reset = () => {
    setElder(null)
    setBooked(null)
    setQ('')
    setQuery('')
  }
  return (
    <Page title='窗口/电话预约'>
      <StateView loading={list.loading} error={list.error} empty={!campaign} emptyText='还没有体检活动' onRetry={list.reload}>
        {campaign ? (
          <Text className='cks-line'>
            {campaign.communityName} · {campaign.title}
          </Text>
        ) : null}
        {booked ? (
          <View className='lp-card'>
            <Text className='cks-line'>已为 {booked.elderName} 预约</Text>
            <Text className='cks-sub'>
              {whenLabel(booked.session.startsAt)} · {booked.session.place}
            </Text>
            <Text className='cks-sub'>请带：{booked.bring}</Text>
            <Text className='cks-sub'>{booked.fasting}</Text>
            <Image className='cks-qr' src={booked.qrDataUrl} mode='aspectFit' ariaLabel='签到二维码' />
            <Text className='cks-code'>签到码 {booked.shortCode}</Text>
            <Btn kind='secondary' onClick={() => void downloadBookingPass(booked.id, booked.shortCode).catch((e) => void Taro.showToast({ title: messageOf(e), icon: 'none' }))}>
              打印签到凭证
            </Btn>
            <Text className='cks-sub'>可以打印这张凭证交给老人，到场时出示二维码或报签到码；老人和家属也会收到通知。</Text>
            <Btn onClick={reset}>再约一位</Btn>
          </View>
        ) : elder && campaign ? (
          <Section title={`为 ${elder.name} 预约`}>
            <Text className='cks-sub'>
              {elder.age !== null ? `${elder.age} 岁 · ` : ''}身份证 {elder.idNumberMasked ?? '—'} · {elder.communityName ?? ''} {elder.address ?? ''}
            </Text>
            <ExistingBooking elder={elder} campaignId={campaign.id}>
              <BookFor elder={elder} campaignId={campaign.id} onBooked={setBooked} />
            </ExistingBooking>
            <Btn kind='plain' onClick={reset}>
              换一位老人
            </Btn>
          </Section>
        ) : (
          <Section title='查找老人'>
            <View className='cks-row'>
              <Input className='lp-input' value={q} placeholder='姓名或身份证号' onInput={(e) => setQ(e.detail.value)} onConfirm={() => setQuery(q.trim())} />
              <Btn kind='secondary' onClick={() => setQuery(q.trim())}>
                查找
              </Btn>
            </View>
            {query ? (
              <StateView loading={found.loading} error={found.error} empty={items.length === 0} emptyText='没有找到这位老人。没有登记过的老人，请先在工作台「登记老人」' onRetry={found.reload}>
                {items.map((e) => (
                  <View key={e.id} className='lp-card' ariaRole='button' onClick={() => setElder(e)}>
                    <Text className='cks-line'>
                      {e.name}
                      {e.age !== null ? `（${e.age} 岁）` : ''}
                    </Text>
                    <Text className='cks-sub'>
                      身份证 {e.idNumberMasked ?? '—'} · {e.communityName ?? ''} {e.address ?? ''} · 电话 {e.phoneMasked ?? '无'}
                    </Text>
                  </View>
                ))}
              </StateView>
            ) : null}
          </Section>
        )}
      </StateView>
    </Page>
  )
}
