import type { AppDeps } from '../platform/context'
import type { Actor } from '../org'
import type { TDashboard, TDashboardQuery } from '../../types/dashboard'
import { categoryName } from '../reports'
import { dashboardScope } from './dashboard.policy'
import { computeFigures } from './figures'
import { previousPeriod } from './dashboard.dates'
import { communitySums, materialisedThrough } from './repository/daily'
import { overdueNowBreakdown, receivedByCategory, recentPlaces } from './repository/live'
import { findHotspots } from './hotspots'

/** The hotspot list shows the places with the most reports (the map endpoint shows them all). */
const MAX_HOTSPOTS = 20

/** 数据概览: a unit's figures for a period, the period before, and what the charts draw. */
export async function getDashboard(deps: AppDeps, actor: Actor, query: TDashboardQuery): Promise<TDashboard> {
  const db = deps.db.kysely
  const { unit, filter } = await dashboardScope(db, actor, query.orgUnitId)
  const now = deps.clock.now()
  const through = await materialisedThrough(db)
  const before = previousPeriod(query.from, query.to)
  const perCommunity = 'communityIds' in filter && unit.kind !== 'community'
  // what describes "now" is read once, for both periods; the periods' own figures are the stored days plus today's live delta
  const overdueNow = overdueNowBreakdown(db, filter, now)
  const total = overdueNow.then((o) => o.total)
  // a failure is reported once, by Promise.all below; the figures' use of it may come later
  total.catch(() => undefined)
  const [overdue, current, previous, categories, hotspots, communities] = await Promise.all([
    overdueNow,
    computeFigures(db, filter, query.from, query.to, now, { through, overdueNow: total }),
    computeFigures(db, filter, before.from, before.to, now, { through, overdueNow: total }),
    receivedByCategory(db, filter, query.from, query.to),
    // clustered as soon as the places arrive, while the other queries are still running
    recentPlaces(db, filter, query.to).then(findHotspots),
    perCommunity ? communitySums(db, query.from, query.to, filter, through) : Promise.resolve([]),
  ])
  return {
    orgUnitId: unit.id,
    orgUnitName: unit.name,
    kind: unit.kind,
    from: query.from,
    to: query.to,
    ...current.figures,
    previous: { ...previous.figures, from: before.from, to: before.to },
    trend: current.sums.byDay.map((d) => ({ day: d.day, received: d.received, resolved: d.resolved })),
    byCategory: categories.map((c) => ({ category: c.category, name: categoryName(c.category), count: c.count })),
    overdueByGrid: overdue.byGrid,
    overdueByDepartment: overdue.byDepartment,
    hotspots: hotspots.slice(0, MAX_HOTSPOTS).map((h) => ({ ...h, name: categoryName(h.category) })),
    byCommunity: communities.map((c) => ({
      orgUnitId: c.community_id,
      name: c.name,
      received: c.received,
      resolved: c.resolved,
      resolvedOnTime: c.resolved_on_time,
      overdueNow: overdue.byCommunity.get(c.community_id) ?? 0,
    })),
    materialisedThrough: through,
  }
}
