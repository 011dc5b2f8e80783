import { useMemo, useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import type { TBooking, TCampaign, TMyCheckups, TSession } from '@contracts/checkups'
import { api } from '@/api'
import { checkupsApi } from '@/api/checkups'
import { Btn, Message, Page, Section, StateView } from '@/components'
import { useAction } from '@/hooks/use-action'
import { useAsync } from '@/hooks/use-async'
import { loadMe } from '@/stores/session'
import { dayKey, dayLabel, timeLabel, whenLabel } from '../time'
import './index.scss'

type Elder = TMyCheckups['elders'][number]

function Confirmation({ booking }: { booking: TBooking }) {
  return (
    <View className='lp-card ck-done'>
      <Text className='ck-big'>预约成功</Text>
      <Text className='ck-line'>{booking.elderName}</Text>
      <Text className='ck-line'>{whenLabel(booking.session.startsAt)}</Text>
      <Text className='ck-line'>{booking.session.place}</Text>
      <Text className='ck-sub'>请带：{booking.bring}</Text>
      <Text className='ck-sub'>{booking.fasting}</Text>
      <Btn onClick={() => void Taro.redirectTo({ url: `/packages/checkups/booking/index?id=${booking.id}` })}>查看预约和二维码</Btn>
    </View>
  )
}

function Sessions({ campaign, elder, rescheduleId, onBooked }: { campaign: TCampaign; elder: Elder; rescheduleId?: string; onBooked: (b: TBooking) => void }) {
  const list = useAsync(() => checkupsApi.sessions(campaign.id), [campaign.id])
  const [day, setDay] = useState<string | null>(null)
  const { busy, msg, act } = useAction()
  // which slot's button is busy
  const [target, setTarget] = useState<string | null>(null)
  const busyId = busy ? target : null
  const days = useMemo(() => {
    const map = new Map<string, TSession[]>()
    for (const s of list.data?.items ?? []) map.set(dayKey(s.startsAt), [...(map.get(dayKey(s.startsAt)) ?? []), s])
    return [...map.entries()]
  }, [list.data])
  const book = (s: TSession) => {
    setTarget(s.id)
    return act(async () => {
      try {
        onBooked(rescheduleId ? await checkupsApi.reschedule(rescheduleId, s.id) : await checkupsApi.book(elder.id, s.id))
      } catch (e) {
        // taken meanwhile: show the sessions as they now stand
        list.reload()
        throw e
      }
    })
  }
  const wait = (s: TSession) => {
    setTarget(s.id)
    return act(async () => {
      await checkupsApi.joinWaitlist(elder.id, s.id)
      return '已登记候补。有人取消时会通知您，名额会为您保留一段时间。'
    })
  }
  const slots = days.find(([k]) => k === day)?.[1]
  return (
    <Section title={slots ? dayLabel(slots[0].startsAt) : rescheduleId ? '改到哪一天' : '选一天'}>
      <Message kind={msg?.kind} text={msg?.text} />
      <StateView loading={list.loading} error={list.error} empty={days.length === 0} emptyText='暂时没有可以预约的场次，请过几天再来看看' onRetry={list.reload}>
        {slots ? (
          <View>
            {slots.map((s) => (
              <View key={s.id} className='lp-card ck-slot'>
                <Text className='ck-line'>
                  {timeLabel(s.startsAt)}–{timeLabel(s.endsAt)}
                </Text>
                <Text className='ck-sub'>{s.place}</Text>
                {s.remaining > 0 ? (
                  <>
                    <Text className='ck-sub'>还剩 {s.remaining} 个名额</Text>
                    <Btn busy={busyId === s.id} onClick={() => void book(s)}>
                      {rescheduleId ? '改到这一场' : '约这一场'}
                    </Btn>
                  </>
                ) : (
                  <>
                    <Text className='ck-sub'>已约满</Text>
                    {rescheduleId ? null : (
                      <Btn kind='secondary' busy={busyId === s.id} onClick={() => void wait(s)}>
                        登记候补
                      </Btn>
                    )}
                  </>
                )}
              </View>
            ))}
            <Btn kind='plain' onClick={() => setDay(null)}>
              换一天
            </Btn>
          </View>
        ) : (
          days.map(([k, ss]) => {
            const left = ss.reduce((n, s) => n + s.remaining, 0)
            return (
              <View key={k} className={`lp-card ck-day ${left === 0 ? 'ck-full' : ''}`} ariaRole='button' onClick={() => setDay(k)}>
                <Text className='ck-line'>{dayLabel(ss[0].startsAt)}</Text>
                <Text className='ck-sub'>{left > 0 ? `还有 ${left} 个名额` : '已约满，可以候补'}</Text>
              </View>
            )
          })
        )}
      </StateView>
    </Section>
  )
}

function Consent({ elder, onDone }: { elder: Elder; onDone: () => void }) {
  const { busy, error, act } = useAction(onDone)
  if (!elder.self) {
    return (
      <View className='lp-card'>
        <Text className='ck-line'>{elder.name}还没有同意健康信息授权</Text>
        <Text className='ck-sub'>请老人在自己的「我的」里同意，或带老人到社区窗口登记后再预约。</Text>
      </View>
    )
  }
  const agree = () =>
    act(async () => {
      const doc = await api.consentDocument('health')
      await api.giveConsent('health', doc.version)
    })
  return (
    <View className='lp-card'>
      <Text className='ck-line'>预约体检要用到您的健康信息</Text>
      <Text className='ck-sub'>只用于安排体检，只有社区和卫生服务中心的工作人员能看到。</Text>
      <Btn busy={busy} onClick={() => void agree()}>
        同意并继续
      </Btn>
      <Message kind='error' text={error} />
    </View>
  )
}

export default function CheckupsPage() {
  const router = useRouter()
  const rescheduleId = router.params?.reschedule
  // /me through the session store, so 长辈模式 of the account applies on a deep link too
  useAsync(() => loadMe(), [])
  const mine = useAsync(() => Promise.all([checkupsApi.mine(), checkupsApi.campaigns()]), [])
  const [chosen, setChosen] = useState<string | null>(null)
  const [booked, setBooked] = useState<TBooking | null>(null)
  const { error, act } = useAction()
  const [my, campaigns] = mine.data ?? [undefined, undefined]
  const elders = my?.elders ?? []
  const elder = elders.find((e) => e.id === chosen) ?? elders[0]
  const active = my?.bookings.find((b) => b.elderId === elder?.id && (b.status === 'booked' || b.status === 'checked_in'))
  // one booking per elder and campaign: a checkup already done this year is shown, not offered again
  const done = my?.bookings.find((b) => b.elderId === elder?.id && b.status === 'done' && b.campaignId === campaigns?.items.find((c) => c.status === 'open')?.id)
  const offer = my?.waitlist.find((w) => w.elderId === elder?.id && w.status === 'offered')
  const campaign = campaigns?.items.find((c) => c.status === 'open')

  const accept = (id: string) =>
    act(async () => {
      try {
        setBooked(await checkupsApi.acceptOffer(id))
      } catch (e) {
        mine.reload()
        throw e
      }
    })

  return (
    <Page title={rescheduleId ? '改约体检' : '预约体检'}>
      {booked ? (
        <Confirmation booking={booked} />
      ) : (
        <StateView
          loading={mine.loading}
          error={mine.error}
          empty={!my || elders.length === 0}
          emptyText='65 岁以上的老人可以预约免费体检。家人请先在「我的」里绑定老人，并勾选「代约体检」。'
          onRetry={mine.reload}
        >
          {elders.length > 1 ? (
            <Section title='为谁预约'>
              {elders.map((e) => (
                <Btn key={e.id} kind={e.id === elder?.id ? 'primary' : 'secondary'} onClick={() => setChosen(e.id)}>
                  {e.self ? `我自己（${e.name}）` : e.name}
                </Btn>
              ))}
            </Section>
          ) : null}
          {elder ? <Text className='ck-who'>为 {elder.self ? '自己' : elder.name} 预约</Text> : null}
          <Message kind='error' text={error} />
          {!elder ? null : active && !rescheduleId ? (
            <View className='lp-card'>
              <Text className='ck-big'>已经约好了</Text>
              <Text className='ck-line'>{whenLabel(active.session.startsAt)}</Text>
              <Text className='ck-sub'>{active.session.place}</Text>
              <Btn onClick={() => void Taro.navigateTo({ url: `/packages/checkups/booking/index?id=${active.id}` })}>查看预约和二维码</Btn>
            </View>
          ) : done && !rescheduleId ? (
            <View className='lp-card ck-done'>
              <Text className='ck-big'>今年的体检已经做完了</Text>
              <Text className='ck-line'>{whenLabel(done.session.startsAt)}</Text>
              <Text className='ck-sub'>{done.session.place}</Text>
              <Text className='ck-sub'>结果请留意卫生服务中心的通知。</Text>
              <Btn kind='secondary' onClick={() => void Taro.navigateTo({ url: `/packages/checkups/booking/index?id=${done.id}` })}>
                查看记录
              </Btn>
            </View>
          ) : offer ? (
            <View className='lp-card'>
              <Text className='ck-big'>候补有名额了</Text>
              <Text className='ck-line'>{whenLabel(offer.session.startsAt)}</Text>
              <Text className='ck-sub'>{offer.session.place}</Text>
              <Text className='ck-sub'>名额保留到 {offer.offerExpiresAt ? whenLabel(offer.offerExpiresAt) : ''}</Text>
              <Btn onClick={() => void accept(offer.id)}>要这个名额</Btn>
            </View>
          ) : !elder.healthConsent ? (
            <Consent elder={elder} onDone={mine.reload} />
          ) : campaign ? (
            <>
              <View className='lp-card ck-info'>
                <Text className='ck-line'>{campaign.title}</Text>
                <Text className='ck-sub'>请带：{campaign.bring}</Text>
                <Text className='ck-sub'>{campaign.fasting}</Text>
              </View>
              <Sessions campaign={campaign} elder={elder} rescheduleId={rescheduleId} onBooked={setBooked} />
            </>
          ) : (
            <Text className='lp-hint'>社区还没有开放今年的体检预约</Text>
          )}
        </StateView>
      )}
    </Page>
  )
}
