import type { AppDeps } from '../platform/context'
import type { Actor } from '../org'
import type { TDashboardFigures, TMonthlyReport } from '../../types/dashboard'
import { AppError } from '../platform/errors'
import { businessDate } from '../platform/clock'
import type { XlsxFile } from '../platform/xlsx'
import { dashboardScope } from './dashboard.policy'
import { findMonthlyReport, listMonthlyReports as listRows } from './repository/monthly'
import { generateMonthlyReport } from './generate-monthly-report'

/** 月度报表: the months generated for a unit in the caller's scope, newest first. */
export async function listMonthlyReports(deps: AppDeps, actor: Actor, orgUnitId: string): Promise<{ items: TMonthlyReport[] }> {
  const { unit } = await dashboardScope(deps.db.kysely, actor, orgUnitId)
  if (unit.kind === 'department') return { items: [] }
  const rows = await listRows(deps.db.kysely, unit.id)
  return {
    items: rows.map((r) => ({ orgUnitId: r.org_unit_id, month: r.month, generatedAt: new Date(r.generated_at).toISOString(), figures: r.figures as TDashboardFigures })),
  }
}

/** The stored xlsx of one month. */
export async function getMonthlyReportFile(deps: AppDeps, actor: Actor, orgUnitId: string, month: string): Promise<XlsxFile> {
  const { unit } = await dashboardScope(deps.db.kysely, actor, orgUnitId)
  const row = await findMonthlyReport(deps.db.kysely, unit.id, month)
  const bytes = row ? await deps.storage.get(row.storage_key) : null
  if (!row || !bytes) throw new AppError('NOT_FOUND')
  return { name: `${month}-${unit.name}-月度报表.xlsx`, bytes: new Uint8Array(bytes) as Uint8Array<ArrayBuffer> }
}

/** Generate (or regenerate) a finished month now, e.g. after correcting data; same figures as tick's. */
export async function regenerateMonthlyReport(deps: AppDeps, actor: Actor, orgUnitId: string, month: string): Promise<TMonthlyReport> {
  const { unit } = await dashboardScope(deps.db.kysely, actor, orgUnitId)
  if (unit.kind === 'department') throw new AppError('NOT_FOUND')
  const current = businessDate(deps.clock.now()).slice(0, 7)
  if (month >= current) throw new AppError('INVALID_INPUT', { fields: { month: '只能生成已经结束的月份' } }, '只能生成已经结束的月份')
  await generateMonthlyReport(deps, unit, month)
  const row = (await findMonthlyReport(deps.db.kysely, unit.id, month))!
  return { orgUnitId: unit.id, month, generatedAt: new Date(row.generated_at).toISOString(), figures: row.figures as TDashboardFigures }
}
