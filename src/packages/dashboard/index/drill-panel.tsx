import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { STATUS_LABELS, type TReportStatus } from '../../../../types/reports'
import { dashboardApi, type Period } from '../../../api/dashboard'
import { Btn, ListSection } from '../../../components'
import { useAsync } from '../../../hooks/use-async'
import { shanghaiDateTime } from '../../../utils/shanghai'

/** The rows behind a figure; a row opens the ticket. */
export function DrillPanel({ period, figure, label, onClose }: { period: Period; figure: string; label: string; onClose: () => void }) {
  const rows = useAsync(() => dashboardApi.drill({ ...period, figure }), [period.orgUnitId, period.from, period.to, figure])
  const items = rows.data?.items ?? []
  return (
    <View className='db-drill'>
      <ListSection title={`${label}（${items.length}${rows.data?.nextCursor ? '+' : ''} 件）`} state={rows} empty={items.length === 0} emptyText='没有记录'>
        <View className='db-table'>
          {items.map((r) => (
            <View key={`${r.id}-${r.at ?? ''}`} className='db-tr' ariaRole='button' onClick={() => void Taro.navigateTo({ url: `/packages/staff/reports/detail/index?id=${r.id}` })}>
              <Text className='db-td lp-body'>{r.number}</Text>
              <Text className='db-td lp-body'>{r.categoryName}</Text>
              <Text className='db-td lp-hint'>
                {r.communityName} · {r.gridName}
              </Text>
              <Text className='db-td lp-hint'>{STATUS_LABELS[r.status as TReportStatus] ?? r.status}</Text>
              <Text className='db-td lp-hint'>时限 {shanghaiDateTime(r.deadlineAt)}</Text>
            </View>
          ))}
        </View>
      </ListSection>
      <Btn kind='plain' onClick={onClose}>
        收起明细
      </Btn>
    </View>
  )
}
