import { useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { View, Text, Input } from '@tarojs/components'
import { RESOURCE_AUDIENCE_LABELS, RESOURCE_KIND_LABELS, type TResourceClash, type TBookResult } from '@contracts/resources'
import { organisationsApi, resourcesApi } from '@/api/resources'
import { ApiError, messageOf } from '@/api'
import { Btn, DateTimeField, Message, Page, StateView } from '@/components'
import { useAsync } from '@/hooks/use-async'
import { rangeText, shanghaiIso, tomorrow } from '../format'
import '../resources.scss'

/** What clashed, week by week, from a 409 RESOURCE_TAKEN. */
function Clashes({ clashes }: { clashes: TResourceClash[] }) {
  return (
    <View className='rs-clash'>
      <Text className='lp-label lp-block'>这些时间已经被约了，整组预约没有提交：</Text>
      {clashes.map((c) => (
        <Text key={c.week} className='lp-block'>
          第 {c.week} 周 {rangeText(c.startsAt, c.endsAt)}：已被约 {c.taken.map((t) => rangeText(t.startsAt, t.endsAt).slice(6)).join('，')}
          {c.available !== undefined ? `（剩 ${c.available} 件）` : ''}
        </Text>
      ))}
    </View>
  )
}

/** One resource: its rules, what is taken that day, and the booking form (once or every week, in an organisation's name for its leader). */
export default function ResourceDetailPage() {
  const params = useRouter().params
  const id = params.id ?? ''
  const [date, setDate] = useState(params.date ?? tomorrow())
  const [from, setFrom] = useState('09:00')
  const [until, setUntil] = useState('11:00')
  const [weeks, setWeeks] = useState('1')
  const [quantity, setQuantity] = useState('1')
  const [purpose, setPurpose] = useState('')
  const [orgId, setOrgId] = useState<string | undefined>(undefined)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [clashes, setClashes] = useState<TResourceClash[] | null>(null)
  const [done, setDone] = useState<TBookResult | null>(null)
  const res = useAsync(() => resourcesApi.get(id, date), [id, date])
  const orgs = useAsync(() => organisationsApi.mine(), [])
  const led = (orgs.data?.items ?? []).filter((o) => o.myRole === 'leader' && o.status === 'verified')
  const r = res.data

  const submit = async () => {
    setBusy(true)
    setError(null)
    setClashes(null)
    try {
      const result = await resourcesApi.book(id, {
        startsAt: shanghaiIso(date, from),
        endsAt: shanghaiIso(date, until),
        repeatWeeks: Number(weeks) > 1 ? Number(weeks) : undefined,
        quantity: r && !r.exclusive ? Number(quantity) || 1 : undefined,
        purpose: purpose || undefined,
        organisationId: orgId,
      })
      setDone(result)
      res.reload()
    } catch (e) {
      if (e instanceof ApiError && e.code === 'RESOURCE_TAKEN') setClashes((e.details?.clashes as TResourceClash[]) ?? [])
      setError(messageOf(e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Page title={r?.name ?? '场地详情'}>
      <StateView loading={res.loading} error={res.error} empty={!r} emptyText='' onRetry={res.reload}>
        {r ? (
          <>
            <View className='lp-card'>
              <Text className='lp-body lp-block'>
                {r.communityName} · {RESOURCE_KIND_LABELS[r.kind]} · {r.exclusive ? `可容纳 ${r.capacity} 人` : `共 ${r.capacity} 件`}
              </Text>
              {r.address ? <Text className='lp-hint lp-block'>地点：{r.address}</Text> : null}
              <Text className='lp-hint lp-block'>
                开放 {r.openFrom}–{r.openUntil}，单次最长 {Math.round(r.maxMinutes / 60)} 小时 · {RESOURCE_AUDIENCE_LABELS[r.audience]} · {r.needsApproval ? '提交后由社区审核' : '免审核，约上即可用'}
              </Text>
              {r.description ? <Text className='lp-body lp-block rs-meta'>{r.description}</Text> : null}
              {r.rules ? <Text className='lp-hint lp-block rs-meta'>使用须知：{r.rules}</Text> : null}
            </View>
            <View className='lp-field'>
              <Text className='lp-label'>日期</Text>
              <DateTimeField mode='date' value={date} onChange={setDate} label='日期' />
            </View>
            {r.taken.length > 0 ? (
              <Text className='rs-taken'>这天已被约：{r.taken.map((t) => `${rangeText(t.startsAt, t.endsAt).slice(6)}${r.exclusive ? '' : `（${t.quantity} 件）`}`).join('，')}</Text>
            ) : (
              <Text className='lp-hint lp-block'>这天还没有人约。</Text>
            )}
            <View className='rs-row'>
              <DateTimeField mode='time' value={from} onChange={setFrom} label='开始' />
              <Text>至</Text>
              <DateTimeField mode='time' value={until} onChange={setUntil} label='结束' />
            </View>
            <View className='lp-field'>
              <Text className='lp-label'>每周重复（共几周，1 = 只约这一次）</Text>
              <Input className='lp-input' type='number' value={weeks} onInput={(e) => setWeeks(e.detail.value)} />
            </View>
            {!r.exclusive ? (
              <View className='lp-field'>
                <Text className='lp-label'>借几件</Text>
                <Input className='lp-input' type='number' value={quantity} onInput={(e) => setQuantity(e.detail.value)} />
              </View>
            ) : null}
            <View className='lp-field'>
              <Text className='lp-label'>用途</Text>
              <Input className='lp-input' value={purpose} maxlength={200} placeholder='例如：亲子读书会' onInput={(e) => setPurpose(e.detail.value)} />
            </View>
            {led.length > 0 ? (
              <View>
                <Text className='lp-label lp-block'>以谁的名义</Text>
                <View className={`lp-choice ${orgId === undefined ? 'is-on' : ''}`} onClick={() => setOrgId(undefined)}>
                  我自己
                </View>
                {led.map((o) => (
                  <View key={o.id} className={`lp-choice ${orgId === o.id ? 'is-on' : ''}`} onClick={() => setOrgId(o.id)}>
                    {o.name}
                  </View>
                ))}
              </View>
            ) : null}
            {clashes ? <Clashes clashes={clashes} /> : <Message kind='error' text={error} />}
            {done ? (
              <View className='lp-card'>
                <Text className='lp-body lp-block'>
                  {done.items[0].status === 'pending' ? '已提交，等待社区审核' : '预约成功'}（共 {done.items.length} 次）
                </Text>
                <Btn onClick={() => void Taro.navigateTo({ url: '/packages/resources/mine/index' })}>查看我的预约</Btn>
              </View>
            ) : (
              <Btn busy={busy} onClick={() => void submit()}>
                提交预约
              </Btn>
            )}
          </>
        ) : null}
      </StateView>
    </Page>
  )
}
