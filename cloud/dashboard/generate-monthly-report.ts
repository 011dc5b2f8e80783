import type { AppDeps } from '../platform/context'
import type { TDashboardFigures } from '../../types/dashboard'
import { categoryName } from '../reports'
import { notify } from '../platform/notices'
import { inTransaction } from '../platform/tx'
import { xlsxFile } from '../platform/xlsx'
import { computeFigures } from './figures'
import { monthDays, previousMonth } from './dashboard.dates'
import { communitiesUnder, communityNames, receivedByCategory, type ScopeUnit } from './repository/live'
import { findMonthlyReport, reportReaders, saveMonthlyReport } from './repository/monthly'
import { monthlyWorkbook } from './monthly-workbook'

export const monthlyReportKey = (orgUnitId: string, month: string) => `reports/monthly/${orgUnitId}/${month}.xlsx`

async function monthFigures(deps: AppDeps, communityIds: string[], month: string, now: Date): Promise<TDashboardFigures> {
  const { from, to } = monthDays(month)
  const db = deps.db.kysely
  // "now" figures (overdue now, expiring, open > 48 h) are left out: a past month regenerates the same
  return (await computeFigures(db, { communityIds }, from, to, now, { live: false })).figures
}

/**
 * 月度报表 of one unit: figures for the month and the month before, per community, per category;
 * an xlsx in storage, a row listing it, and — the first time — a notice to the 片区 leads and street
 * admins who cover the unit.
 */
export async function generateMonthlyReport(deps: AppDeps, unit: ScopeUnit, month: string): Promise<{ created: boolean }> {
  const db = deps.db.kysely
  const now = deps.clock.now()
  const communityIds = await communitiesUnder(db, unit.path)
  const communities = unit.kind === 'community' ? [] : await communityNames(db, communityIds)
  const figures = await monthFigures(deps, communityIds, month, now)
  const previous = await monthFigures(deps, communityIds, previousMonth(`${month}-01`), now)
  const byCommunity = await Promise.all(communities.map(async (c) => ({ name: c.name, figures: await monthFigures(deps, [c.id], month, now) })))
  const { from, to } = monthDays(month)
  const categories = await receivedByCategory(db, { communityIds }, from, to)
  const book = await monthlyWorkbook({
    unitName: unit.name,
    month,
    figures,
    previous,
    byCommunity,
    byCategory: categories.map((c) => ({ name: categoryName(c.category), count: c.count })),
  })
  const file = await xlsxFile(book, `${month}-${unit.name}-月度报表.xlsx`)
  const key = monthlyReportKey(unit.id, month)
  await deps.storage.put(key, Buffer.from(file.bytes))
  const existed = (await findMonthlyReport(db, unit.id, month)) !== null
  await inTransaction(db, async (tx) => {
    await saveMonthlyReport(tx, { orgUnitId: unit.id, month, storageKey: key, figures, now })
    if (existed) return
    for (const userId of await reportReaders(tx, unit.path)) {
      await notify(tx, now, {
        userId,
        kind: 'dashboard.monthly',
        title: `${unit.name} ${month} 月度报表已生成`,
        body: `收到随手拍 ${figures.reports.received} 件，办结 ${figures.reports.resolved} 件；点开查看和下载。`,
        link: `/packages/dashboard/monthly/index?orgUnitId=${unit.id}`,
      })
    }
  })
  return { created: !existed }
}
