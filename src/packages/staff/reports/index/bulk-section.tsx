import { Text } from '@tarojs/components'
import { reportsApi } from '@/api/reports'
import { Btn, Section, StateView } from '@/components'
import { useAsync } from '@/hooks/use-async'
import { Chip } from './chip'
import type { useBulk } from './use-bulk'

/** 批量处理: accept the ticked tickets, or send them to one grid worker. */
export function BulkSection({ bulk }: { bulk: ReturnType<typeof useBulk> }) {
  const options = useAsync(() => reportsApi.options(), [])
  const { selected, busy, runBulk, assignee, setAssignee } = bulk
  return (
    <Section title={`批量处理（已选 ${selected.length} 条）`}>
      <Text className='lp-hint'>勾选下面的工单，再选择操作。每条单独办理，状态已变的会单独提示。</Text>
      <Btn busy={busy} onClick={() => void runBulk('accept')}>
        批量受理
      </Btn>
      <Text className='rp-strong'>派给网格员：</Text>
      <StateView loading={options.loading} error={options.error} empty={(options.data?.gridWorkers.length ?? 0) === 0} emptyText='没有可以指派的网格员' onRetry={options.reload}>
        {options.data?.gridWorkers.map((g) => (
          <Chip key={g.id} on={assignee === g.id} label={`${g.name}（${g.unitName}）`} onClick={() => setAssignee(g.id)} />
        ))}
      </StateView>
      <Btn kind='secondary' busy={busy} disabled={!assignee} onClick={() => void runBulk('assign')}>
        批量派给网格员
      </Btn>
    </Section>
  )
}
