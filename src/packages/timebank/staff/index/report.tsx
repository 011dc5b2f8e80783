import { useState } from 'react'
import { View, Text, Picker } from '@tarojs/components'
import { downloadMonthlyHoursXlsx, minutesLabel, timebankStaffApi } from '@/api/timebank'
import { Btn, Message, StateView } from '@/components'
import { useAction } from '@/hooks/use-action'
import { useAsync } from '@/hooks/use-async'

function thisMonth(): string {
  const d = new Date(Date.now() + 8 * 3_600_000) // Shanghai
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`
}

/** 月度报表: each volunteer's confirmed services and minutes in a month, with the xlsx for the office. */
export function Report() {
  const [month, setMonth] = useState(thisMonth)
  const report = useAsync(() => timebankStaffApi.monthly(month), [month])
  const { busy, msg, act } = useAction()
  const rows = report.data?.rows ?? []
  return (
    <View>
      <Picker mode='date' fields='month' value={month} onChange={(e) => setMonth(String(e.detail.value).slice(0, 7))}>
        <View className='lp-input tb-month'>{`月份：${month}`}</View>
      </Picker>
      <Btn
        className='tb-report-download'
        busy={busy}
        onClick={() =>
          void act(async () => {
            await downloadMonthlyHoursXlsx(month)
            return '已导出月度时长报表（xlsx）'
          })
        }
      >
        {busy ? '正在生成…' : '下载报表（xlsx）'}
      </Btn>
      <Message kind={msg?.kind} text={msg?.text} />
      <StateView loading={report.loading} error={report.error} empty={rows.length === 0} emptyText='这个月还没有确认的志愿服务' onRetry={report.reload}>
        <View className='tb-table'>
          <View className='tb-tr tb-th'>
            <Text className='tb-td'>志愿者</Text>
            <Text className='tb-td'>社区</Text>
            <Text className='tb-td'>次数</Text>
            <Text className='tb-td'>时长</Text>
            <Text className='tb-td'>调整</Text>
          </View>
          {rows.map((r) => (
            <View key={`${r.volunteerId}-${r.communityName}`} className='tb-tr'>
              <Text className='tb-td'>{r.name}</Text>
              <Text className='tb-td'>{r.communityName}</Text>
              <Text className='tb-td'>{r.services}</Text>
              <Text className='tb-td'>{minutesLabel(r.minutes)}</Text>
              <Text className='tb-td'>{r.adjustMinutes ? `${r.adjustMinutes > 0 ? '+' : ''}${r.adjustMinutes} 分钟` : '—'}</Text>
            </View>
          ))}
          <View className='tb-tr tb-th'>
            <Text className='tb-td'>合计</Text>
            <Text className='tb-td' />
            <Text className='tb-td'>{report.data?.totalServices ?? 0}</Text>
            <Text className='tb-td'>{minutesLabel(report.data?.totalMinutes ?? 0)}</Text>
            <Text className='tb-td' />
          </View>
        </View>
      </StateView>
    </View>
  )
}
