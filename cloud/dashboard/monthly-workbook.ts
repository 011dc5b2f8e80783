import type { Workbook } from 'exceljs'
import type { TDashboardFigures } from '../../types/dashboard'
import { addSheet, escapeCell, newWorkbook, type SheetColumn } from '../platform/xlsx'
import { FIGURE_DEFINITIONS } from './figures'

/** One unit's month: the figures with last month beside them, and a sheet per domain by community. */
export interface MonthlyContent {
  unitName: string
  month: string
  figures: TDashboardFigures
  previous: TDashboardFigures
  byCommunity: { name: string; figures: TDashboardFigures }[]
  byCategory: { name: string; count: number }[]
}

/** The value of 'reports.received' style keys in a figures object. */
export function figureValue(figures: TDashboardFigures, key: string): number | null {
  const [section, name] = key.split('.') as [keyof TDashboardFigures, string]
  const part = figures[section] as Record<string, number | null> | null
  return part ? (part[name] ?? null) : null
}

const pct = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 1000) / 10)

function sheetOf(book: Workbook, name: string, columns: SheetColumn[], rows: Record<string, unknown>[]) {
  const sheet = addSheet(book, name, columns)
  for (const row of rows) sheet.addRow(Object.fromEntries(Object.entries(row).map(([k, v]) => [k, escapeCell(v)])))
  return sheet
}

export async function monthlyWorkbook(content: MonthlyContent): Promise<Workbook> {
  const book = await newWorkbook()
  const { figures, previous } = content
  sheetOf(
    book,
    '汇总',
    [
      { header: '指标', key: 'name', width: 18 },
      { header: content.month, key: 'value', width: 12 },
      { header: '上月', key: 'previous', width: 12 },
      { header: '怎么算', key: 'definition', width: 80 },
    ],
    FIGURE_DEFINITIONS.filter((d) => !['reports.overdueNow', 'points.expiring', 'timebank.openOver48h'].includes(d.key)).map((d) => ({
      name: d.name,
      value: figureValue(figures, d.key),
      previous: figureValue(previous, d.key),
      definition: d.definition,
    })),
  )
  const communities = content.byCommunity
  sheetOf(
    book,
    '随手拍',
    [
      { header: '社区', key: 'name', width: 16 },
      { header: '收到', key: 'received', width: 8 },
      { header: '受理', key: 'accepted', width: 8 },
      { header: '办结', key: 'resolved', width: 8 },
      { header: '按时办结', key: 'onTime', width: 10 },
      { header: '按时率%', key: 'onTimePct', width: 10 },
      { header: '满意度', key: 'rating', width: 8 },
      { header: '重新打开', key: 'reopened', width: 10 },
    ],
    [...communities, { name: '合计', figures }].map((c) => ({
      name: c.name,
      received: c.figures.reports.received,
      accepted: c.figures.reports.accepted,
      resolved: c.figures.reports.resolved,
      onTime: c.figures.reports.resolvedOnTime,
      onTimePct: pct(c.figures.reports.resolvedOnTime, c.figures.reports.resolved),
      rating: c.figures.reports.avgRating,
      reopened: c.figures.reports.reopened,
    })),
  )
  sheetOf(
    book,
    '随手拍类别',
    [
      { header: '类别', key: 'name', width: 16 },
      { header: '收到', key: 'count', width: 8 },
    ],
    content.byCategory,
  )
  sheetOf(
    book,
    '积分',
    [
      { header: '社区', key: 'name', width: 16 },
      { header: '积分发放', key: 'earned', width: 10 },
      { header: '积分兑换', key: 'spent', width: 10 },
      { header: '活跃居民', key: 'active', width: 10 },
    ],
    [...communities, { name: '合计', figures }].map((c) => ({
      name: c.name,
      earned: c.figures.points?.earned ?? 0,
      spent: c.figures.points?.spent ?? 0,
      active: c.figures.points?.activeResidents ?? 0,
    })),
  )
  sheetOf(
    book,
    '时间银行',
    [
      { header: '社区', key: 'name', width: 16 },
      { header: '服务小时', key: 'hours', width: 10 },
      { header: '活跃志愿者', key: 'volunteers', width: 12 },
    ],
    [...communities, { name: '合计', figures }].map((c) => ({
      name: c.name,
      hours: Math.round(((c.figures.timebank?.minutesServed ?? 0) / 60) * 10) / 10,
      volunteers: c.figures.timebank?.activeVolunteers ?? 0,
    })),
  )
  sheetOf(
    book,
    '体检',
    [
      { header: '社区', key: 'name', width: 16 },
      { header: '应检老人', key: 'eligible', width: 10 },
      { header: '已预约', key: 'booked', width: 10 },
      { header: '预约率%', key: 'pct', width: 10 },
      { header: '爽约', key: 'noShows', width: 8 },
    ],
    [...communities, { name: '合计', figures }].map((c) => ({
      name: c.name,
      eligible: c.figures.checkups?.eligible ?? 0,
      booked: c.figures.checkups?.booked ?? 0,
      pct: pct(c.figures.checkups?.booked ?? 0, c.figures.checkups?.eligible ?? 0),
      noShows: c.figures.checkups?.noShows ?? 0,
    })),
  )
  return book
}
