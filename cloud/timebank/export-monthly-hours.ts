import type { AppDeps } from '../platform/context'
import type { Actor } from '../org'
import { addSheet, newWorkbook, xlsxFile, type XlsxFile } from '../platform/xlsx'
import { monthlyHoursReport } from './monthly-hours-report'

/** The monthly hours report as xlsx for the office. */
export async function exportMonthlyHours(deps: AppDeps, actor: Actor, month: string): Promise<XlsxFile> {
  const report = await monthlyHoursReport(deps, actor, month)
  const book = await newWorkbook()
  const sheet = addSheet(book, `${month} 志愿服务时长`, [
    { header: '社区', key: 'community', width: 14 },
    { header: '志愿者', key: 'name', width: 12 },
    { header: '服务次数', key: 'services', width: 10 },
    { header: '记入分钟', key: 'minutes', width: 10 },
    { header: '记入小时', key: 'hours', width: 10 },
    { header: '社区调整（分钟）', key: 'adjust', width: 16 },
  ])
  for (const r of report.rows) {
    sheet.addRow({ community: r.communityName, name: r.name, services: r.services, minutes: r.minutes, hours: Math.round((r.minutes / 60) * 10) / 10, adjust: r.adjustMinutes })
  }
  sheet.addRow({ community: '合计', services: report.totalServices, minutes: report.totalMinutes, hours: Math.round((report.totalMinutes / 60) * 10) / 10 })
  sheet.getRow(sheet.rowCount).font = { bold: true }
  return xlsxFile(book, `${month}-志愿服务时长.xlsx`)
}
