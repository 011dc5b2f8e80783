import type { AppDeps } from '../platform/context'
import type { Actor } from '../org'
import type { TAuditQuery } from '../../types/admin'
import { ADMIN_ACTION_LABELS } from '../../types/admin'
import { formatShanghai } from '../platform/clock'
import { addSheet, escapeCell, newWorkbook, xlsxFile, type XlsxFile } from '../platform/xlsx'
import { listAuditLog } from './list-audit'

const MAX_ROWS = 10_000

/** The filtered admin log as xlsx (up to 10,000 rows); every text cell escaped against formula injection. */
export async function exportAudit(deps: AppDeps, actor: Actor, q: TAuditQuery): Promise<XlsxFile> {
  const { items } = await listAuditLog(deps, actor, { ...q, cursor: undefined }, MAX_ROWS)
  const book = await newWorkbook()
  const sheet = addSheet(book, '操作日志', [
    { header: '时间', key: 'at', width: 18 },
    { header: '操作人', key: 'actor', width: 12 },
    { header: '操作', key: 'action', width: 16 },
    { header: '对象', key: 'subject', width: 12 },
    { header: '详情', key: 'details', width: 60 },
  ])
  for (const e of items) {
    sheet.addRow({
      at: formatShanghai(new Date(e.at)),
      actor: escapeCell(e.actorName),
      action: escapeCell(ADMIN_ACTION_LABELS[e.action] ?? e.action),
      subject: escapeCell(e.subjectName ?? ''),
      details: escapeCell(JSON.stringify(e.details)),
    })
  }
  return xlsxFile(book, `操作日志-${formatShanghai(deps.clock.now(), 'YYYYMMDD')}.xlsx`)
}
