import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import { CALL_OUTCOMES, type TCallOutcome } from '../../../../types/dashboard'
import { messageOf } from '../../../api'
import { checkupsApi } from '../../../api/checkups'
import { dashboardApi } from '../../../api/dashboard'
import { Btn, ListSection, Message } from '../../../components'
import { useAsync } from '../../../hooks/use-async'
import { ElderRow } from './elder-row'
import { Chip } from '../chip'

type Filter = 'all' | 'none' | TCallOutcome
const FILTERS: Record<Filter, string> = { all: '全部', none: '还没联系', ...CALL_OUTCOMES }

/** 精准滴灌: elders eligible for this year's checkup who have not booked — a call list to work through. */
export function UnbookedList() {
  const campaigns = useAsync(() => checkupsApi.campaigns(), [])
  const [picked, setPicked] = useState<string | null>(null)
  const [filter, setFilter] = useState<Filter>('none')
  const [error, setError] = useState<string | null>(null)
  const campaignId = picked ?? campaigns.data?.items[0]?.id ?? null
  const list = useAsync(() => dashboardApi.unbooked(campaignId!, filter === 'all' ? undefined : filter), [campaignId, filter], Boolean(campaignId))
  const items = list.data?.items ?? []
  return (
    <View>
      <View className='db-tools'>
        {(campaigns.data?.items ?? []).map((c) => (
          <Chip key={c.id} on={c.id === campaignId} label={c.title} onTap={() => setPicked(c.id)} />
        ))}
      </View>
      {campaigns.data && campaigns.data.items.length === 0 ? <Text className='lp-hint'>还没有体检活动。</Text> : null}
      <View className='db-tools'>
        {(Object.keys(FILTERS) as Filter[]).map((f) => (
          <Chip key={f} on={f === filter} label={FILTERS[f]} onTap={() => setFilter(f)} />
        ))}
        {campaignId ? (
          <Btn kind='plain' onClick={() => void dashboardApi.exportUnbooked(campaignId).catch((e) => setError(messageOf(e)))}>
            导出 Excel
          </Btn>
        ) : null}
      </View>
      <Message kind='error' text={error} />
      <ListSection title={`按年龄从大到小（${items.length}${list.data?.nextCursor ? '+' : ''} 人）`} state={list} empty={items.length === 0} emptyText='这一栏没有老人了'>
        {items.map((e) => (
          <ElderRow key={e.elderId} e={e} campaignId={campaignId!} onMarked={list.reload} />
        ))}
      </ListSection>
    </View>
  )
}
