import type { TDashboard, TDrillRow, TMonthlyReport, TUnbookedElder, TCallOutcome } from '../../types/dashboard'
import type { TDashboardMap, TMonthlySheets, TWorkListName, TWorkListPage } from '../../types/dashboard-lists'
import { getToken } from './session'
import { onSessionError } from './client'
import { downloadFromApi } from './download'
import { send, type Method } from './transport'

async function call<T>(method: Method, path: string, opts: { body?: unknown; query?: Record<string, string | number | undefined> } = {}): Promise<T> {
  const token = getToken()
  try {
    return await send<T>({ method, path, query: opts.query, body: opts.body, headers: token ? { Authorization: `Bearer ${token}` } : {} })
  } catch (e) {
    onSessionError(e, token)
    throw e
  }
}

export interface Period {
  orgUnitId: string
  from: string
  to: string
}

/** 报表通: 数据概览, its drill-downs, 精准滴灌 lists and 月度报表. */
export const dashboardApi = {
  dashboard: (p: Period) => call<TDashboard>('GET', '/staff/dashboard', { query: { ...p } }),
  charts: (p: Period) => call<{ trend: string; categories: string; overdue: string }>('GET', '/staff/dashboard/charts', { query: { ...p } }),
  drill: (p: Period & { figure: string; cursor?: string }) => call<{ items: TDrillRow[]; nextCursor: string | null }>('GET', '/staff/dashboard/reports', { query: { ...p, limit: 50 } }),
  unbooked: (campaignId: string, outcome?: string, cursor?: string) =>
    call<{ items: TUnbookedElder[]; nextCursor: string | null }>('GET', '/staff/lists/unbooked-elders', { query: { campaignId, outcome, cursor, limit: 50 } }),
  markCall: (elderId: string, campaignId: string, outcome: TCallOutcome, note = '') =>
    call<{ ok: true }>('POST', `/staff/lists/unbooked-elders/${elderId}/calls`, { body: { campaignId, outcome, note } }),
  exportUnbooked: (campaignId: string) => downloadFromApi(`/api/v1/staff/lists/unbooked-elders.xlsx?campaignId=${campaignId}`, '未预约老人.xlsx'),
  monthly: (orgUnitId: string) => call<{ items: TMonthlyReport[] }>('GET', '/staff/monthly-reports', { query: { orgUnitId } }),
  downloadMonthly: (orgUnitId: string, month: string) => downloadFromApi(`/api/v1/staff/monthly-reports/${month}.xlsx?orgUnitId=${orgUnitId}`, `${month}-月度报表.xlsx`),
  generateMonthly: (orgUnitId: string, month: string) => call<TMonthlyReport>('POST', `/staff/monthly-reports/${month}/generate`, { query: { orgUnitId } }),
  monthlySheets: (orgUnitId: string, month: string) => call<TMonthlySheets>('GET', `/staff/monthly-reports/${month}/sheets`, { query: { orgUnitId } }),
  map: (p: Period) => call<TDashboardMap>('GET', '/staff/dashboard/map', { query: { ...p } }),
  workList: <N extends TWorkListName>(name: N, q: { orgUnitId: string; days?: number; outcome?: string; cursor?: string }) =>
    call<TWorkListPage<N>>('GET', `/staff/lists/${name}`, { query: { ...q, limit: 50 } }),
  markWorkList: (name: TWorkListName, subjectId: string, body: { orgUnitId: string; outcome: string; note?: string; days?: number }) =>
    call<{ ok: true }>('POST', `/staff/lists/${name}/${subjectId}/marks`, { body }),
  exportWorkList: (name: TWorkListName, orgUnitId: string, days?: number) => downloadFromApi(`/api/v1/staff/lists/${name}.xlsx?orgUnitId=${orgUnitId}${days ? `&days=${days}` : ''}`, `${name}.xlsx`),
}
