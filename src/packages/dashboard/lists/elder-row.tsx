import { View, Text } from '@tarojs/components'
import { CALL_OUTCOMES, type TCallOutcome, type TUnbookedElder } from '../../../../types/dashboard'
import { dashboardApi } from '../../../api/dashboard'
import { Btn, Message } from '../../../components'
import { useAction } from '../../../hooks/use-action'
import { shanghaiDateTime } from '../../../utils/shanghai'

/** One elder on the call list: who to call, and one tap to record how the call went. */
export function ElderRow({ e, campaignId, onMarked }: { e: TUnbookedElder; campaignId: string; onMarked: () => void }) {
  const { busy, error, act } = useAction(onMarked)
  return (
    <View className='lp-card db-elder'>
      <Text className='lp-label'>
        {e.name}
        {e.age !== null ? ` · ${e.age} 岁` : ''}
        {e.livesAlone ? ' · 独居' : ''}
      </Text>
      <Text className='lp-hint'>
        {e.phoneMasked ?? '没有手机号'}
        {e.address ? ` · ${e.address}` : ''}
      </Text>
      {e.family.map((f) => (
        <Text key={`${f.name}-${f.relation}`} className='lp-hint'>
          家属：{f.relation} {f.name} {f.phoneMasked ?? ''}
        </Text>
      ))}
      {e.emergencyContact ? <Text className='lp-hint'>紧急联系人：{e.emergencyContact}</Text> : null}
      <Text className='lp-hint'>{e.lastCall ? `上次联系：${CALL_OUTCOMES[e.lastCall.outcome]}（${e.lastCall.by}，${shanghaiDateTime(e.lastCall.at)}）${e.lastCall.note}` : '还没有联系过'}</Text>
      <View className='db-tools'>
        {(Object.keys(CALL_OUTCOMES) as TCallOutcome[]).map((o) => (
          <Btn key={o} kind='secondary' busy={busy} onClick={() => void act(() => dashboardApi.markCall(e.elderId, campaignId, o))}>
            {CALL_OUTCOMES[o]}
          </Btn>
        ))}
      </View>
      <Message kind='error' text={error} />
    </View>
  )
}
