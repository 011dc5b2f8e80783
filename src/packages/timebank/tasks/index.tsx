import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View, Text, Input, Picker } from '@tarojs/components'
import type { TServiceContacts, TServiceRequest } from '@contracts/timebank'
import { messageOf } from '@/api'
import { minutesLabel, timebankApi, whenLabel } from '@/api/timebank'
import { shanghai, shanghaiDate } from '@/utils/shanghai'
import { Btn, Message, Page, Section, StateView } from '@/components'
import { useAsync } from '@/hooks/use-async'
import './index.scss'

async function here(): Promise<{ lat: number; lng: number }> {
  const r = await Taro.getLocation({ type: 'wgs84' })
  return { lat: r.latitude, lng: r.longitude }
}

/** HH:mm in Shanghai time. */
function hhmm(at: Date | string): string {
  return shanghai(at).toISOString().slice(11, 16)
}

/** Today's (Shanghai) HH:mm as an instant; a time later than now is taken as yesterday's (a service past midnight). */
function instantOf(time: string, now = new Date()): Date {
  const at = new Date(`${shanghaiDate(now)}T${time}:00+08:00`)
  return at > now ? new Date(at.getTime() - 86_400_000) : at
}

/**
 * 签退 refused as too far: either still at the elder's home with a wrong location (a reason, staff
 * review) or already gone — then the time the service really ended, which the elder's side confirms.
 */
function FarCheckOut({ r, at, busy, run }: { r: TServiceRequest; at: { lat: number; lng: number }; busy: boolean; run: (f: () => Promise<TServiceRequest>, done: (x: TServiceRequest) => string) => Promise<void> }) {
  const [farReason, setFarReason] = useState('')
  const [endTime, setEndTime] = useState(() => hhmm(new Date()))
  const since = r.checkInAt ? hhmm(r.checkInAt) : null
  return (
    <View className='tb-far'>
      <Text className='tb-line'>已经离开了？填写实际结束时间</Text>
      <Text className='tb-sub'>{`您 ${since ?? ''} 签到，请选服务真正结束的时间，老人或家属确认后计时长。`}</Text>
      <Picker mode='time' value={endTime} start={since ?? undefined} end={hhmm(new Date())} onChange={(e) => setEndTime(String(e.detail.value))}>
        <View className='lp-input tb-end-time'>{`实际结束时间：${endTime}`}</View>
      </Picker>
      <View className='tb-end-chips'>
        {[15, 30, 60].map((m) => (
          <Text key={m} className='lp-tag tb-end-chip' onClick={() => setEndTime(hhmm(new Date(Date.now() - m * 60_000)))}>
            {`${m} 分钟前`}
          </Text>
        ))}
      </View>
      <Btn
        className='tb-end-submit'
        busy={busy}
        onClick={() =>
          void run(
            () => timebankApi.checkOut(r.id, { proposedEndAt: instantOf(endTime).toISOString() }),
            (x) => `已提交实际结束时间 ${endTime}，服务 ${minutesLabel(x.minutes ?? 0)}，等待老人确认`,
          )
        }
      >
        按实际结束时间签退
      </Btn>
      <Text className='tb-line'>还在老人家里，只是定位不准？</Text>
      <Input className='lp-input' placeholder='例如：陪老人去了医院，在医院签退' value={farReason} onInput={(e) => setFarReason(e.detail.value)} />
      <Btn
        kind='secondary'
        busy={busy}
        onClick={() =>
          void run(
            () => timebankApi.checkOut(r.id, { location: at, farReason: farReason.trim() }),
            (x) => `已签退，服务 ${minutesLabel(x.minutes ?? 0)}，位置等待社区复核`,
          )
        }
      >
        提交复核并签退
      </Btn>
    </View>
  )
}

/**
 * 联系对方 for the volunteer who accepted: the number is fetched only on tap (the server records who
 * looked), then each contact is one tap to call.
 */
function Contact({ r }: { r: TServiceRequest }) {
  const [contacts, setContacts] = useState<TServiceContacts['contacts'] | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  if (!['accepted', 'in_service', 'awaiting_confirmation', 'disputed'].includes(r.status)) return null
  if (!contacts) {
    return (
      <View className='tb-contact'>
        <Btn
          className='tb-contact-show'
          kind='secondary'
          busy={busy}
          onClick={() =>
            void (async () => {
              setBusy(true)
              setError(null)
              try {
                setContacts((await timebankApi.contact(r.id)).contacts)
              } catch (e) {
                setError(messageOf(e))
              } finally {
                setBusy(false)
              }
            })()
          }
        >
          联系对方
        </Btn>
        <Message kind='error' text={error ?? undefined} />
      </View>
    )
  }
  return (
    <View className='tb-contact'>
      {contacts.map((x) => (
        <Btn key={`${x.relation}${x.phone}`} kind='secondary' onClick={() => void Taro.makePhoneCall({ phoneNumber: x.phone }).catch(() => undefined)}>
          {`打电话给${x.relation} ${x.name} ${x.phone}`}
        </Btn>
      ))}
      <Text className='tb-sub'>电话只用于这次服务，请勿外传。</Text>
    </View>
  )
}

function Task({ r, mine, onChanged }: { r: TServiceRequest; mine: boolean; onChanged: (text: string) => void }) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  // far from the address: the volunteer may explain and send the check-in to staff review
  const [far, setFar] = useState<{ lat: number; lng: number; at: 'in' | 'out' } | null>(null)
  const [farReason, setFarReason] = useState('')
  const run = async (f: () => Promise<TServiceRequest>, done: (x: TServiceRequest) => string) => {
    setBusy(true)
    setError(null)
    try {
      onChanged(done(await f()))
    } catch (e) {
      setError(messageOf(e))
    } finally {
      setBusy(false)
    }
  }
  return (
    <View className='lp-card'>
      <Text className='tb-line'>{`${r.serviceTypeLabel} · ${r.elderName}`}</Text>
      <Text className='tb-sub'>{whenLabel(r.startsAt)}</Text>
      <Text className='tb-sub'>{r.address}</Text>
      {r.notes ? <Text className='tb-sub'>{`备注：${r.notes}`}</Text> : null}
      {r.volunteersNeeded > 1 ? <Text className='tb-sub'>{`需要 ${r.volunteersNeeded} 位志愿者，已有 ${r.placesTaken} 位`}</Text> : null}
      {r.distanceM !== undefined ? <Text className='tb-sub'>{`离您约 ${r.distanceM >= 1000 ? `${(r.distanceM / 1000).toFixed(1)} 公里` : `${r.distanceM} 米`}`}</Text> : null}
      {mine ? <Text className='tb-sub'>{r.statusLabel}</Text> : null}
      {mine && r.checkInReview === 'pending' ? <Text className='tb-sub'>签到位置较远，等待社区复核</Text> : null}
      {mine ? <Contact r={r} /> : null}
      <Message kind='error' text={error ?? undefined} />
      {!mine && r.status === 'open' ? (
        <Btn busy={busy} onClick={() => void run(() => timebankApi.accept(r.id), () => '接单成功，请按时上门')}>
          我来帮忙
        </Btn>
      ) : null}
      {mine && r.status === 'accepted' ? (
        <Btn
          busy={busy}
          onClick={() =>
            void run(
              async () => {
                const at = await here()
                try {
                  return await timebankApi.checkIn(r.id, at)
                } catch (e) {
                  if ((e as { code?: string }).code === 'CHECKIN_TOO_FAR') setFar({ ...at, at: 'in' })
                  throw e
                }
              },
              () => '已签到，开始服务',
            )
          }
        >
          到达签到
        </Btn>
      ) : null}
      {mine && r.status === 'accepted' && far?.at === 'in' ? (
        <View className='tb-far'>
          <Text className='tb-sub'>已经到了但定位不准？说明情况后提交，社区工作人员复核后计时长。</Text>
          <Input className='lp-input' placeholder='例如：手机定位漂移，我已在老人家中' value={farReason} onInput={(e) => setFarReason(e.detail.value)} />
          <Btn kind='secondary' busy={busy} onClick={() => void run(() => timebankApi.checkIn(r.id, { lat: far.lat, lng: far.lng }, farReason.trim()), () => '已签到，签到位置等待社区复核')}>
            提交复核并签到
          </Btn>
        </View>
      ) : null}
      {mine && r.status === 'in_service' ? (
        <Btn
          busy={busy}
          onClick={() =>
            void run(
              async () => {
                const at = await here()
                try {
                  return await timebankApi.checkOut(r.id, { location: at })
                } catch (e) {
                  if ((e as { code?: string }).code === 'CHECKIN_TOO_FAR') setFar({ ...at, at: 'out' })
                  throw e
                }
              },
              (x) => `已签退，服务 ${minutesLabel(x.minutes ?? 0)}，等待老人确认`,
            )
          }
        >
          服务结束签退
        </Btn>
      ) : null}
      {mine && r.status === 'in_service' && far?.at === 'out' ? <FarCheckOut r={r} at={{ lat: far.lat, lng: far.lng }} busy={busy} run={run} /> : null}
    </View>
  )
}

/** 志愿接单: open requests of my community and my own schedule with check-in/out. */
function Apply() {
  const app = useAsync(() => timebankApi.myApplication(), [])
  const [skills, setSkills] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const a = app.data?.application
  return (
    <Section title='成为志愿者'>
      <StateView loading={app.loading} error={app.error} empty={false} emptyText='' onRetry={app.reload}>
        {a && a.status === 'pending' ? (
          <Text className='tb-sub'>您的申请已提交，社区工作人员核实后（需年满 18 周岁）就可以接单了。</Text>
        ) : (
          <View>
            {a?.status === 'rejected' ? <Text className='tb-sub'>{`上次申请未通过：${a.reason ?? ''}`}</Text> : null}
            <Text className='tb-sub'>志愿者承诺：无偿服务，不收老人的钱物，保护老人隐私，按时上门。</Text>
            <Input className='lp-input' placeholder='我的特长（选填），如：修电器、理发' value={skills} onInput={(e) => setSkills(e.detail.value)} />
            <Message kind='error' text={error ?? undefined} />
            <Btn
              busy={busy}
              onClick={() =>
                void (async () => {
                  setBusy(true)
                  setError(null)
                  try {
                    await timebankApi.apply(skills.trim())
                    app.reload()
                  } catch (e) {
                    setError(messageOf(e))
                  } finally {
                    setBusy(false)
                  }
                })()
              }
            >
              同意承诺，申请成为志愿者
            </Btn>
          </View>
        )}
      </StateView>
    </Section>
  )
}

export default function TasksPage() {
  const [near, setNear] = useState<{ lat: number; lng: number } | null>(null)
  const [locating, setLocating] = useState(false)
  const open = useAsync(() => timebankApi.open(near ?? undefined), [near?.lat, near?.lng])
  const mine = useAsync(() => timebankApi.mine('serving'), [])
  const [done, setDone] = useState<string | null>(null)
  const changed = (text: string) => {
    setDone(text)
    open.reload()
    mine.reload()
  }
  const active = (mine.data?.items ?? []).filter((r) => ['accepted', 'in_service', 'awaiting_confirmation'].includes(r.status))
  return (
    <Page title='志愿接单'>
      <Message kind='success' text={done ?? undefined} />
      <Section title='我的服务'>
        <StateView loading={mine.loading} error={mine.error} empty={active.length === 0} emptyText='还没有接单' onRetry={mine.reload}>
          {active.map((r) => (
            <Task key={r.id} r={r} mine onChanged={changed} />
          ))}
        </StateView>
      </Section>
      {(open.error as { status?: number } | null)?.status === 403 ? <Apply /> : null}
      <Section
        title={near ? '附近等待帮助的老人（5 公里内，近的在前）' : '等待帮助的老人'}
        extra={
          <Text
            className='lp-hint tb-near-toggle'
            onClick={() =>
              void (async () => {
                if (near) return setNear(null)
                setLocating(true)
                try {
                  setNear(await here())
                } catch {
                  setDone(null)
                } finally {
                  setLocating(false)
                }
              })()
            }
          >
            {near ? '按时间排序' : locating ? '正在定位…' : '离我近的优先'}
          </Text>
        }
      >
        <StateView loading={open.loading} error={open.error} empty={(open.data?.items.length ?? 0) === 0} emptyText='现在没有等待接单的请求' onRetry={open.reload}>
          {open.data?.items.map((r) => (
            <Task key={r.id} r={r} mine={false} onChanged={changed} />
          ))}
        </StateView>
      </Section>
    </Page>
  )
}
