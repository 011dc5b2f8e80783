import type { AppDeps } from '../platform/context'
import type { Actor } from '../org'
import type { TDashboardQuery } from '../../types/dashboard'
import type { TDashboardMap } from '../../types/dashboard-lists'
import { categoryName } from '../reports'
import { dashboardScope } from './dashboard.policy'
import { findHotspots } from './hotspots'
import { recentPlaces } from './repository/live'
import { openReportPoints } from './repository/map'
import { mapSvg } from './map-svg'

/** At most this many dots (overdue first): a street's open reports stay a readable picture. */
export const MAP_CAP = 1000

/** 数据概览 map: the open and overdue reports of a unit now, and the hotspots of the period's last 30 days. */
export async function getDashboardMap(deps: AppDeps, actor: Actor, query: TDashboardQuery): Promise<TDashboardMap> {
  const db = deps.db.kysely
  const { filter } = await dashboardScope(db, actor, query.orgUnitId)
  const [open, places] = await Promise.all([openReportPoints(db, filter, deps.clock.now(), MAP_CAP), recentPlaces(db, filter, query.to)])
  const map = {
    points: open.rows.map((r) => ({ id: r.id, lat: Number(r.lat), lng: Number(r.lng), status: r.status, overdue: r.overdue, category: r.category, categoryName: categoryName(r.category) })),
    total: open.total,
    overdue: open.overdue,
    capped: open.total > open.rows.length,
    hotspots: findHotspots(places).map((h) => ({ category: h.category, name: categoryName(h.category), lat: h.lat, lng: h.lng, count: h.count })),
  }
  return { ...map, svg: mapSvg(map) }
}
