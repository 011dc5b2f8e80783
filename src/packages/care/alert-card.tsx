import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View, Text, Input } from '@tarojs/components'
import { CARE_KIND_LABELS, CARE_OUTCOME_LABELS, type TCareAlert, type TCareOutcome } from '../../../types/care'
import { careApi, type TCareAlertFull } from '../../api/care'
import { Btn, Message } from '../../components'
import { useAction } from '../../hooks/use-action'
import { shanghaiDateTime } from '../../utils/shanghai'
import { Timeline } from './timeline'

const LEVEL: Record<number, string> = { 1: '已通知家属和网格员', 2: '已升级到社区', 3: '已升级到片区' }
const OUTCOMES: TCareOutcome[] = ['visited', 'safe', 'emergency', 'false_alarm']

function call(phone: string) {
  void Taro.makePhoneCall({ phoneNumber: phone }).catch(() => undefined)
}

/** Where the phone is, for the visit check-in (one read on tap). */
async function here(): Promise<{ lat: number; lng: number; accuracy?: number }> {
  const p = await Taro.getLocation({ type: 'gcj02' })
  return { lat: p.latitude, lng: p.longitude, accuracy: p.accuracy }
}

/**
 * One alert on the grid worker's phone: why, who to call (one tap), 我来处理, 上门签到, and closing it
 * with what happened. `full` shows the timeline (the detail page, the desk's side panel).
 */
export function AlertCard({ alert, full, onChanged, onOpen }: { alert: TCareAlert | TCareAlertFull; full?: boolean; onChanged: () => void; onOpen?: () => void }) {
  const { busy, error, msg, act, fail } = useAction(onChanged)
  const [closing, setClosing] = useState(false)
  const [outcome, setOutcome] = useState<TCareOutcome>('visited')
  const [note, setNote] = useState('')
  const open = alert.status !== 'closed'
  return (
    <View className={`lp-card care-alert care-level-${alert.status === 'closed' ? 0 : alert.level}`}>
      <View onClick={onOpen}>
        <Text className='lp-label'>
          {alert.elderName} · {CARE_KIND_LABELS[alert.kind]}
        </Text>
        <Text className='lp-body lp-block care-reason'>{alert.reason}</Text>
        <Text className='lp-hint lp-block'>
          {shanghaiDateTime(alert.createdAt).slice(5)} 发出 ·{' '}
          {alert.status === 'open'
            ? `${LEVEL[alert.level]}，等待有人处理`
            : alert.status === 'acknowledged'
              ? `${alert.acknowledgedBy ?? ''} 正在处理`
              : `已结束：${CARE_OUTCOME_LABELS[(alert.outcome ?? 'safe') as TCareOutcome]}`}
        </Text>
        {alert.address ? <Text className='lp-hint lp-block'>住址：{alert.address}</Text> : null}
      </View>
      {open ? (
        <View className='care-actions'>
          {alert.elderPhone ? (
            <Btn kind='secondary' onClick={() => call(alert.elderPhone!)}>
              打给{alert.elderName}
            </Btn>
          ) : null}
          {alert.family
            .filter((f) => f.phone)
            .map((f) => (
              <Btn key={`${f.name}${f.phone}`} kind='secondary' onClick={() => call(f.phone!)}>
                打给{f.relation} {f.name}
              </Btn>
            ))}
          {alert.status === 'open' ? (
            <Btn busy={busy} onClick={() => void act(() => careApi.acknowledge(alert.id).then(() => '已接手，请尽快联系或上门'))}>
              我来处理
            </Btn>
          ) : null}
          <Btn kind='secondary' busy={busy} onClick={() => void act(async () => careApi.checkIn(alert.id, await here()).then(() => '已签到：已上门'))}>
            上门签到
          </Btn>
          {!closing ? (
            <Btn kind='plain' onClick={() => setClosing(true)}>
              结束预警
            </Btn>
          ) : null}
        </View>
      ) : null}
      {open && closing ? (
        <View className='care-close'>
          <Text className='lp-hint'>处理结果</Text>
          <View className='care-actions'>
            {OUTCOMES.map((o) => (
              <Btn key={o} kind={o === outcome ? 'primary' : 'secondary'} onClick={() => setOutcome(o)}>
                {CARE_OUTCOME_LABELS[o]}
              </Btn>
            ))}
          </View>
          <Input className='lp-input' value={note} placeholder={outcome === 'false_alarm' ? '误报的原因（必填），例如：在女儿家过夜' : '补充说明（可不填）'} onInput={(e) => setNote(e.detail.value)} />
          <Btn
            kind='danger'
            busy={busy}
            onClick={() => {
              if (outcome === 'false_alarm' && !note.trim()) return fail('误报请写明原因')
              void act(() => careApi.close(alert.id, outcome, note.trim()).then(() => '已结束，家属会收到处理结果'))
            }}
          >
            确认结束
          </Btn>
        </View>
      ) : null}
      <Message kind='error' text={error} />
      {msg && msg.kind === 'success' ? <Message kind='success' text={msg.text} /> : null}
      {full && 'events' in alert ? <Timeline events={alert.events} /> : null}
    </View>
  )
}
