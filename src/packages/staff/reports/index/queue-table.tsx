import type { TReportSummary } from '@contracts/reports'
import { shortTime } from '@/api/reports'

/** At a desk: the queue as a table; a click opens the ticket in the side panel. */
export function QueueTable({ items, openId, onOpen }: { items: TReportSummary[]; openId: string | null; onOpen: (id: string) => void }) {
  return (
    <table className='sr-table'>
      <thead>
        <tr>
          <th>编号</th>
          <th>类别</th>
          <th>地点</th>
          <th>处理单位</th>
          <th>期限</th>
          <th>状态</th>
        </tr>
      </thead>
      <tbody>
        {items.map((r) => (
          <tr key={r.id} className={`sr-tr ${openId === r.id ? 'sr-tr-open' : ''}`} tabIndex={0} onClick={() => onOpen(r.id)} onKeyDown={(e) => (e.key === 'Enter' ? onOpen(r.id) : undefined)}>
            <td className='sr-td-number'>{r.number}</td>
            <td>
              <div className='sr-td-cat'>{r.categoryName}</div>
              <div className='sr-td-desc'>{r.description}</div>
            </td>
            <td>{r.place ?? '—'}</td>
            <td>{r.holder}</td>
            <td className={r.overdue ? 'sr-td-overdue' : ''}>
              {shortTime(r.deadlineAt)}
              {r.overdue ? <div>已超时</div> : null}
            </td>
            <td>{r.statusLabel}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
