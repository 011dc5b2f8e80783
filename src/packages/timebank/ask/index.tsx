import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View, Text, Textarea } from '@tarojs/components'
import { SERVICE_TYPES, SERVICE_TYPE_LABELS, type TServiceType } from '@contracts/timebank'
import { loadMe } from '@/stores/session'
import { timebankApi, whenLabel } from '@/api/timebank'
import { Btn, Message, Page, Section, StateView } from '@/components'
import { useAsync } from '@/hooks/use-async'
import { useAction } from '@/hooks/use-action'
import './index.scss'

/** Tomorrow / the day after, morning 9:00 or afternoon 14:00 (Shanghai): no date pickers for elders. */
function slots(now: Date): { label: string; startsAt: string }[] {
  const out: { label: string; startsAt: string }[] = []
  const shanghai = new Date(now.getTime() + 8 * 3_600_000)
  for (const [d, day] of [
    [1, '明天'],
    [2, '后天'],
  ] as const) {
    for (const [h, part] of [
      [9, '上午'],
      [14, '下午'],
    ] as const) {
      const utc = Date.UTC(shanghai.getUTCFullYear(), shanghai.getUTCMonth(), shanghai.getUTCDate() + d, h - 8)
      out.push({ label: `${day}${part}`, startsAt: new Date(utc).toISOString() })
    }
  }
  return out
}

/** 请人帮忙: big buttons per service type, for me or for a parent I am linked to. Elder mode first. */
export default function AskPage() {
  const me = useAsync(() => loadMe(), [])
  const [type, setType] = useState<TServiceType | null>(null)
  const [who, setWho] = useState<string | null>(null)
  const [slot, setSlot] = useState<string | null>(null)
  const [notes, setNotes] = useState('')
  const { busy, msg, act } = useAction()
  const elders = (me.data?.familyLinks ?? []).filter((l) => l.status === 'active' && l.memberId === me.data?.user.id && l.scopes.includes('request_services'))
  const selfCan = Boolean(me.data?.user.communityId)
  const forWhom = who ?? (selfCan ? 'self' : (elders[0]?.elderId ?? null))
  const submit = async () => {
    if (!type || !slot || !forWhom) return
    await act(async () => {
      const startsAt = slot
      const endsAt = new Date(new Date(slot).getTime() + 2 * 3_600_000).toISOString()
      const r = await timebankApi.create({ ...(forWhom === 'self' ? {} : { elderId: forWhom }), serviceType: type, startsAt, endsAt, estimateMinutes: 60, notes })
      setType(null)
      return `已发出请求：${r.elderName} ${whenLabel(r.startsAt)}「${r.serviceTypeLabel}」，有志愿者接单后会通知您。`
    })
  }
  return (
    <Page title='请人帮忙'>
      <Message kind={msg?.kind} text={msg?.text} />
      <StateView loading={me.loading} error={me.error} empty={false} emptyText='' onRetry={me.reload}>
        {!type ? (
          <Section title='需要什么帮助'>
            <View className='tb-grid'>
              {SERVICE_TYPES.map((t) => (
                <Btn key={t} kind='secondary' onClick={() => setType(t)}>
                  {SERVICE_TYPE_LABELS[t]}
                </Btn>
              ))}
            </View>
          </Section>
        ) : (
          <>
            <Section title={`「${SERVICE_TYPE_LABELS[type]}」`}>
              {elders.length > 0 ? (
                <View className='tb-grid'>
                  {selfCan ? (
                    <Btn kind='secondary' className={forWhom === 'self' ? 'tb-chosen' : ''} onClick={() => setWho('self')}>
                      给我自己
                    </Btn>
                  ) : null}
                  {elders.map((l) => (
                    <Btn key={l.elderId} kind='secondary' className={forWhom === l.elderId ? 'tb-chosen' : ''} onClick={() => setWho(l.elderId)}>
                      {`给${l.elderName}`}
                    </Btn>
                  ))}
                </View>
              ) : null}
            </Section>
            <Section title='什么时候'>
              <View className='tb-grid'>
                {slots(new Date()).map((s) => (
                  <Btn key={s.startsAt} kind='secondary' className={slot === s.startsAt ? 'tb-chosen' : ''} onClick={() => setSlot(s.startsAt)}>
                    {s.label}
                  </Btn>
                ))}
              </View>
            </Section>
            <Section title='想对志愿者说的话（可不填）'>
              <Textarea className='lp-input' placeholder='例如：耳背，请大声敲门' maxlength={300} value={notes} onInput={(e) => setNotes(e.detail.value)} />
            </Section>
            <Btn disabled={!slot || !forWhom} busy={busy} onClick={() => void submit()}>
              发出请求
            </Btn>
            <Btn kind='plain' onClick={() => setType(null)}>
              换一项
            </Btn>
          </>
        )}
        {!forWhom && !me.loading ? <Text className='tb-sub'>请先在「我的」里选择所在社区，或绑定家里的老人。</Text> : null}
      </StateView>
      <Btn kind='plain' onClick={() => void Taro.navigateTo({ url: '/packages/timebank/requests/index' })}>
        看看我的请求
      </Btn>
    </Page>
  )
}
