import type { AppDeps } from '../platform/context'
import type { TReportPage } from '../../types/reports'
import { categorySetting, routeLocation } from './repository/routing'
import { nearbyReports } from './repository/lists'
import { toSummary } from './reports.mappers'

export const NEARBY_METERS = 250
/** Distances are shown in steps of 50 m, from the rounded position: enough to say "just here". */
export const DISTANCE_STEP_METERS = 50

/**
 * Before submitting: open reports of the same category nearby, nearest first (anonymised, distances
 * to the shown position in 50 m steps). "Nearby" is the category's duplicate radius of the street
 * the point is in (管理 → 设置), 250 m when none is saved or no category is given.
 */
export async function listNearbyReports(deps: AppDeps, q: { lat: number; lng: number; category?: string }): Promise<TReportPage> {
  const now = deps.clock.now()
  const db = deps.db.kysely
  let meters = NEARBY_METERS
  if (q.category) {
    const route = await routeLocation(db, q.lat, q.lng)
    const setting = route ? await categorySetting(db, route.streetId, q.category) : undefined
    if (setting) meters = setting.duplicate_radius_m
  }
  const rows = await nearbyReports(db, q.lat, q.lng, meters, q.category ?? null)
  return {
    items: rows.map((r) => toSummary({ ...r, distance: Math.round(Number(r.distance) / DISTANCE_STEP_METERS) * DISTANCE_STEP_METERS }, deps.storage, now)),
    nextCursor: null,
  }
}
