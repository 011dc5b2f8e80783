import { View, Text } from '@tarojs/components'
import { STATUS_LABELS, type TBulkResult, type TReportSummary } from '@contracts/reports'

/** A queue row in 批量 mode: tapping selects instead of opening the report. */
export function SelectRow({ r, on, onToggle, result }: { r: TReportSummary; on: boolean; onToggle: () => void; result?: TBulkResult }) {
  return (
    <View className={`lp-card rp-item sr-select ${on ? 'sr-select-on' : ''}`} ariaRole='checkbox' onClick={onToggle}>
      <Text className='sr-box'>{on ? '☑' : '☐'}</Text>
      <View className='rp-item-body'>
        <View>
          <Text className='lp-badge'>{r.statusLabel}</Text>
          {r.overdue ? <Text className='lp-badge rp-overdue'>已超时</Text> : null}
        </View>
        <Text className='rp-strong'>
          {r.categoryName}：{r.description}
        </Text>
        <Text className='lp-hint'>{r.number}</Text>
        {result ? <Text className={result.ok ? 'rp-ok' : 'rp-err'}>{result.ok ? `已完成：${STATUS_LABELS[result.status!]}` : `未完成：${result.error?.message}`}</Text> : null}
      </View>
    </View>
  )
}
