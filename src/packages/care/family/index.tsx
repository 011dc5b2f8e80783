import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View, Text, Input } from '@tarojs/components'
import { CARE_KIND_LABELS, CARE_OUTCOME_LABELS, type TCareOutcome } from '../../../../types/care'
import { careApi } from '../../../api/care'
import { Btn, DateTimeField, Message, Page, Section, StateView } from '../../../components'
import { useAsync } from '../../../hooks/use-async'
import { useAction } from '../../../hooks/use-action'
import { shanghaiDate, shanghaiDateTime } from '../../../utils/shanghai'
import { Timeline } from '../timeline'
import { UsageBars } from './usage-bars'
import '../care.scss'

const STATUS: Record<string, string> = { open: '已通知网格员，等待处理', acknowledged: '网格员正在处理' }

/** 用水关爱 for the family (and the elder): the alerts and what was done, the recent pattern, 外出. */
export default function FamilyCarePage() {
  const elderId = Taro.getCurrentInstance().router?.params?.elderId ?? ''
  const care = useAsync(() => careApi.family(elderId), [elderId], Boolean(elderId))
  const away = useAction(care.reload)
  const [from, setFrom] = useState(shanghaiDate())
  const [to, setTo] = useState(shanghaiDate(Date.now() + 3 * 86_400_000))
  const [reason, setReason] = useState('')
  const d = care.data
  return (
    <Page title={d ? `${d.elderName} 的用水关爱` : '用水关爱'}>
      <StateView loading={care.loading && !d} error={care.error} empty={!elderId} emptyText='找不到这位老人' onRetry={care.reload}>
        {d && !d.enrolled ? <Text className='lp-body lp-block'>还没有开通水表关爱。老人本人同意后，可到社区登记安装智能水表。</Text> : null}
        {d && d.enrolled ? (
          <>
            <Section title='提醒'>
              {d.alerts.length === 0 ? <Text className='lp-hint'>最近没有异常，一切正常。</Text> : null}
              {d.alerts.map((a) => (
                <View key={a.id} className={`lp-card care-alert care-level-${a.status === 'closed' ? 0 : a.level}`}>
                  <Text className='lp-label'>{CARE_KIND_LABELS[a.kind]}</Text>
                  <Text className='lp-body lp-block care-reason'>{a.reason}</Text>
                  <Text className='lp-hint lp-block'>
                    {shanghaiDateTime(a.createdAt).slice(5)} ·{' '}
                    {a.status === 'closed' ? `处理结果：${CARE_OUTCOME_LABELS[(a.outcome ?? 'safe') as TCareOutcome]}${a.note ? `（${a.note}）` : ''}` : STATUS[a.status]}
                  </Text>
                  <Timeline events={a.events.filter((e) => e.action !== 'notified')} />
                </View>
              ))}
            </Section>
            <Section title='最近两周用水'>
              <UsageBars days={d.days} />
            </Section>
            <Section title='外出（住院、去子女家）'>
              <Text className='lp-hint lp-block'>外出期间不发用水提醒，回家后自动恢复。</Text>
              {d.away.map((w) => (
                <View key={w.id} className='lp-card'>
                  <Text className='lp-body'>
                    {shanghaiDateTime(w.startsAt).slice(5)} 至 {shanghaiDateTime(w.endsAt).slice(5)} {w.reason}
                  </Text>
                  <Btn kind='plain' busy={away.busy} onClick={() => void away.act(() => careApi.endAway(elderId, w.id).then(() => '已结束外出，恢复提醒'))}>
                    已经回家
                  </Btn>
                </View>
              ))}
              <View className='care-form'>
                <DateTimeField mode='date' label='从' value={from} onChange={setFrom} />
                <DateTimeField mode='date' label='到' value={to} onChange={setTo} />
                <Input className='lp-input' value={reason} placeholder='原因，例如：住院、去女儿家' onInput={(e) => setReason(e.detail.value)} />
                <Btn
                  kind='secondary'
                  busy={away.busy}
                  onClick={() => void away.act(() => careApi.setAway(elderId, { startsAt: `${from}T00:00:00+08:00`, endsAt: `${to}T23:59:00+08:00`, reason: reason.trim() }).then(() => '已登记外出'))}
                >
                  登记外出
                </Btn>
              </View>
              <Message kind='error' text={away.error} />
              {away.msg?.kind === 'success' ? <Message kind='success' text={away.msg.text} /> : null}
            </Section>
          </>
        ) : null}
      </StateView>
    </Page>
  )
}
