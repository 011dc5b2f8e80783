import { Hono } from 'hono'
import type { AppEnv } from '../platform/context'
import { parseBody, parseId, parseQuery, parseValue } from '../platform/http'
import { requireAuth } from '../platform/session'
import { sendXlsx } from '../platform/xlsx'
import { AppError } from '../platform/errors'
import { ZDashboardQuerySchema, ZDrillQuerySchema, ZMarkCallSchema, ZMonthSchema, ZMonthlyReportsQuerySchema, ZUnbookedQuerySchema } from '../../types/dashboard'
import { ZUuidSchema } from '../../types/common'
import { getDashboard } from './get-dashboard'
import { getDrillDown } from './get-drill-down'
import { renderDashboardCharts } from './render-charts'
import { listUnbookedElders } from './list-unbooked-elders'
import { exportUnbookedElders } from './export-unbooked-elders'
import { markCall } from './mark-call'
import { getMonthlyReportFile, listMonthlyReports, regenerateMonthlyReport } from './list-monthly-reports'
import { ZWorkListMarkSchema, ZWorkListNameSchema, ZWorkListQuerySchema } from '../../types/dashboard-lists'
import { listWorkList } from './list-work-list'
import { exportWorkList } from './export-work-list'
import { markWorkList } from './mark-work-list'
import { getDashboardMap } from './get-map'
import { getMonthlySheets } from './get-monthly-sheets'

/** A work list's name from the path ('isolated-elders' or 'isolated-elders.xlsx'); an unknown one is 404. */
function listName(param: string): { name: ReturnType<typeof ZWorkListNameSchema.parse>; xlsx: boolean } {
  const xlsx = param.endsWith('.xlsx')
  const parsed = ZWorkListNameSchema.safeParse(xlsx ? param.slice(0, -5) : param)
  if (!parsed.success) throw new AppError('NOT_FOUND')
  return { name: parsed.data, xlsx }
}

/** 报表通: 数据概览, 精准滴灌 lists, 月度报表. */
export const dashboardRoutes = new Hono<AppEnv>()
  .get('/staff/dashboard', requireAuth, async (c) => c.json(await getDashboard(c.var.deps, c.var.actor, parseQuery(c, ZDashboardQuerySchema))))
  .get('/staff/dashboard/charts', requireAuth, async (c) => c.json(await renderDashboardCharts(c.var.deps, c.var.actor, parseQuery(c, ZDashboardQuerySchema))))
  .get('/staff/dashboard/reports', requireAuth, async (c) => c.json(await getDrillDown(c.var.deps, c.var.actor, parseQuery(c, ZDrillQuerySchema))))
  .get('/staff/lists/unbooked-elders', requireAuth, async (c) => c.json(await listUnbookedElders(c.var.deps, c.var.actor, parseQuery(c, ZUnbookedQuerySchema))))
  .get('/staff/lists/unbooked-elders.xlsx', requireAuth, async (c) => {
    const { campaignId } = parseValue(ZUnbookedQuerySchema.pick({ campaignId: true }), c.req.query())
    return sendXlsx(c, await exportUnbookedElders(c.var.deps, c.var.actor, campaignId), 'unbooked-elders.xlsx')
  })
  .post('/staff/lists/unbooked-elders/:id/calls', requireAuth, async (c) => {
    const elderId = parseId(c)
    return c.json(await markCall(c.var.deps, c.var.actor, elderId, await parseBody(c, ZMarkCallSchema)), 201)
  })
  .get('/staff/dashboard/map', requireAuth, async (c) => c.json(await getDashboardMap(c.var.deps, c.var.actor, parseQuery(c, ZDashboardQuerySchema))))
  .get('/staff/lists/:name', requireAuth, async (c) => {
    const { name, xlsx } = listName(c.req.param('name'))
    const query = parseQuery(c, ZWorkListQuerySchema)
    if (xlsx) return sendXlsx(c, await exportWorkList(c.var.deps, c.var.actor, name, query), `${name}.xlsx`)
    return c.json(await listWorkList(c.var.deps, c.var.actor, name, query))
  })
  .post('/staff/lists/:name/:id/marks', requireAuth, async (c) => {
    const { name, xlsx } = listName(c.req.param('name'))
    if (xlsx) throw new AppError('NOT_FOUND')
    const subjectId = parseId(c)
    return c.json(await markWorkList(c.var.deps, c.var.actor, name, subjectId, await parseBody(c, ZWorkListMarkSchema)), 201)
  })
  .get('/staff/monthly-reports/:month/sheets', requireAuth, async (c) => {
    const month = parseValue(ZMonthSchema, c.req.param('month'))
    return c.json(await getMonthlySheets(c.var.deps, c.var.actor, parseQuery(c, ZMonthlyReportsQuerySchema).orgUnitId, month))
  })
  .get('/staff/monthly-reports', requireAuth, async (c) => c.json(await listMonthlyReports(c.var.deps, c.var.actor, parseQuery(c, ZMonthlyReportsQuerySchema).orgUnitId)))
  .get('/staff/monthly-reports/:file', requireAuth, async (c) => {
    const match = /^(\d{4}-\d{2})\.xlsx$/.exec(c.req.param('file'))
    if (!match || !ZMonthSchema.safeParse(match[1]).success) throw new AppError('NOT_FOUND')
    const { orgUnitId } = parseQuery(c, ZMonthlyReportsQuerySchema)
    return sendXlsx(c, await getMonthlyReportFile(c.var.deps, c.var.actor, orgUnitId, match[1]), `monthly-${match[1]}.xlsx`)
  })
  .post('/staff/monthly-reports/:month/generate', requireAuth, async (c) => {
    const month = parseValue(ZMonthSchema, c.req.param('month'))
    const { orgUnitId } = parseValue(ZMonthlyReportsQuerySchema, { orgUnitId: parseValue(ZUuidSchema, c.req.query('orgUnitId')) })
    return c.json(await regenerateMonthlyReport(c.var.deps, c.var.actor, orgUnitId, month), 201)
  })
