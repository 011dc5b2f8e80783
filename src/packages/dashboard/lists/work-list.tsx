import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import { WORK_LIST_OUTCOMES, type TWorkListItems, type TWorkListName } from '../../../../types/dashboard-lists'
import { messageOf } from '../../../api'
import { dashboardApi } from '../../../api/dashboard'
import { Btn, ListSection, Message } from '../../../components'
import { useAsync } from '../../../hooks/use-async'
import { Chip } from '../chip'
import { WorkRow } from './work-rows'

const HOW: Record<TWorkListName, string> = {
  'isolated-elders': '登记为独居或卧床的 60 岁以上老人，所选天数内没有上门、志愿服务、体检预约或联系记录；从没联系过的排最前。',
  'expiring-points': '积分在本月内到期、还没用掉的居民，到期积分多的排前面；提醒他们去积分商店兑换。',
  'inactive-volunteers': '成为志愿者满 90 天、最近 90 天没有接单或服务的人；从没服务过的排最前。',
  'department-waiting': '交给部门、还没办结的随手拍，等得最久的排最前；催办后记一笔。',
}
const DAYS = [7, 14, 30, 60]

/** One work list: filters, the rows (each with its mark buttons), 导出 Excel. */
export function WorkList({ name, orgUnitId }: { name: TWorkListName; orgUnitId: string }) {
  const outcomes: Record<string, string> = WORK_LIST_OUTCOMES[name]
  const [filter, setFilter] = useState<string>('all')
  const [days, setDays] = useState(30)
  const [error, setError] = useState<string | null>(null)
  const isolated = name === 'isolated-elders'
  const list = useAsync(() => dashboardApi.workList(name, { orgUnitId, days: isolated ? days : undefined, outcome: filter === 'all' ? undefined : filter }), [name, orgUnitId, days, filter])
  const items = (list.data?.items ?? []) as TWorkListItems[TWorkListName][]
  const filters: Record<string, string> = { all: '全部', none: '还没标记', ...outcomes }
  return (
    <View className='db-worklist'>
      <Text className='lp-hint'>{HOW[name]}</Text>
      {isolated ? (
        <View className='db-tools'>
          <Text className='lp-hint'>多久没联系：</Text>
          {DAYS.map((d) => (
            <Chip key={d} on={d === days} label={`${d} 天`} onTap={() => setDays(d)} />
          ))}
        </View>
      ) : null}
      <View className='db-tools'>
        {Object.keys(filters).map((f) => (
          <Chip key={f} on={f === filter} label={filters[f]} onTap={() => setFilter(f)} />
        ))}
        <Btn kind='plain' onClick={() => void dashboardApi.exportWorkList(name, orgUnitId, isolated ? days : undefined).catch((e) => setError(messageOf(e)))}>
          导出 Excel
        </Btn>
      </View>
      <Message kind='error' text={error} />
      <ListSection title={`${list.data?.title ?? ''}（${items.length}${list.data?.nextCursor ? '+' : ''}）`} state={list} empty={items.length === 0} emptyText='名单上没有人了，都已跟进'>
        {items.map((item) => (
          <WorkRow key={item.subjectId} name={name} item={item} orgUnitId={orgUnitId} days={days} onMarked={list.reload} />
        ))}
      </ListSection>
    </View>
  )
}
