import type { AppDeps } from '../platform/context'
import type { TCategoryCode, TReportStatus } from '../../types/reports'
import { LEVEL_LABELS, REPORT_CATEGORIES, STATUS_LABELS, type TLevel } from '../../types/reports'
import type { Actor } from '../org'
import { requireAnyRole } from '../org'
import { formatShanghai } from '../platform/clock'
import { addSheet, newWorkbook, xlsxFile, type XlsxFile } from '../platform/xlsx'
import { QUEUE_ROLES } from './reports.policy'
import { queueExportRows } from './repository/queue'
import { queueScope } from './list-staff-queue'

/** An office export is a working list, not an archive: the first 5,000 by deadline. */
export const EXPORT_MAX_ROWS = 5000

/**
 * 导出工单: the queue as filtered on the page (scope, status, category, overdue), soonest deadline
 * first, as xlsx for the office. No reporter names or phones: the sheet gets forwarded.
 */
export async function exportStaffQueue(deps: AppDeps, actor: Actor, q: { status?: TReportStatus; category?: TCategoryCode; overdue?: 'true' | 'false' }): Promise<XlsxFile> {
  requireAnyRole(actor, QUEUE_ROLES)
  const now = deps.clock.now()
  const rows = await queueExportRows(
    deps.db.kysely,
    queueScope(actor),
    { status: q.status, category: q.category, overdue: q.overdue === undefined ? undefined : q.overdue === 'true' },
    now,
    EXPORT_MAX_ROWS,
  )
  const book = await newWorkbook()
  const sheet = addSheet(book, '随手拍工单', [
    { header: '编号', key: 'number', width: 20 },
    { header: '类别', key: 'category', width: 10 },
    { header: '问题描述', key: 'description', width: 40 },
    { header: '状态', key: 'status', width: 12 },
    { header: '当前层级', key: 'level', width: 8 },
    { header: '社区', key: 'community', width: 12 },
    { header: '网格', key: 'grid', width: 16 },
    { header: '处理人/部门', key: 'holder', width: 14 },
    { header: '地址', key: 'address', width: 24 },
    { header: '上报时间', key: 'createdAt', width: 18 },
    { header: '处理期限', key: 'deadline', width: 18 },
    { header: '是否超时', key: 'overdue', width: 8 },
    { header: '我也遇到', key: 'supporters', width: 8 },
  ])
  for (const r of rows) {
    sheet.addRow({
      number: r.number,
      category: REPORT_CATEGORIES.find((c) => c.code === r.category)?.name ?? r.category,
      description: r.description,
      status: STATUS_LABELS[r.status as TReportStatus] ?? r.status,
      level: LEVEL_LABELS[r.level as TLevel] ?? r.level,
      community: r.community_name,
      grid: r.grid_name,
      holder: r.department_name ?? r.assignee_name ?? '',
      address: r.address ?? '',
      createdAt: formatShanghai(new Date(r.created_at)),
      deadline: formatShanghai(new Date(r.deadline_at)),
      overdue: new Date(r.deadline_at).getTime() < now.getTime() && !['resolved', 'closed', 'rejected', 'merged'].includes(r.status) ? '是' : '',
      supporters: r.supporters,
    })
  }
  sheet.views = [{ state: 'frozen', ySplit: 1 }]
  return xlsxFile(book, `随手拍工单-${formatShanghai(now, 'YYYYMMDD-HHmm')}.xlsx`)
}
