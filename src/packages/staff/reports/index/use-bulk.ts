import { useState } from 'react'
import type { TBulkResult, TReportSummary } from '@contracts/reports'
import { downloadQueueXlsx, reportsApi } from '@/api/reports'
import { useAction } from '@/hooks/use-action'

type Filter = Parameters<typeof downloadQueueXlsx>[0]

/**
 * 批量 (select rows, accept or send them to a grid worker, each done on its own) and the xlsx
 * export of the current filter. Both speak in the one message above the list: starting one
 * clears what the other said.
 */
export function useBulk(items: TReportSummary[], filter: Filter, onDone: () => void) {
  const [selecting, setSelecting] = useState(false)
  const [selected, setSelected] = useState<string[]>([])
  const [assignee, setAssignee] = useState('')
  const [results, setResults] = useState<Record<string, TBulkResult>>({})
  const bulk = useAction()
  const exporting = useAction()
  const toggle = (id: string) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]))
  const runBulk = async (action: 'accept' | 'assign') => {
    exporting.say(null)
    if (selected.length === 0) return bulk.fail('请先勾选工单')
    if (action === 'assign' && !assignee) return bulk.fail('请先选择网格员')
    await bulk.act(async () => {
      const chosen = items.filter((r) => selected.includes(r.id)).map((r) => ({ id: r.id, version: r.version }))
      const res = await reportsApi.bulk({ action, items: chosen, ...(action === 'assign' ? { assigneeId: assignee } : {}) })
      setResults(Object.fromEntries(res.results.map((r) => [r.id, r])))
      setSelected(res.results.filter((r) => !r.ok).map((r) => r.id))
      onDone()
      return { kind: res.failed ? 'info' : 'success', text: `完成 ${res.succeeded} 条${res.failed ? `，${res.failed} 条没有完成（原因见各条）` : ''}` } as const
    })
  }
  const exportXlsx = async () => {
    bulk.say(null)
    await exporting.act(async () => {
      await downloadQueueXlsx(filter)
      return '已导出当前筛选的工单（xlsx）'
    })
  }
  const toggleSelecting = () => {
    setSelecting(!selecting)
    setSelected([])
    setResults({})
    bulk.say(null)
    exporting.say(null)
  }
  return { selecting, toggleSelecting, selected, toggle, assignee, setAssignee, results, runBulk, busy: bulk.busy, exportXlsx, exporting: exporting.busy, msg: bulk.msg ?? exporting.msg }
}
