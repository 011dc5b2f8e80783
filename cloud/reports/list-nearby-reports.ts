import type { AppDeps } from '../app'
import type { TReportPage } from '../../types/reports'
import { nearbyReports } from './reports.repository'
import { toSummary } from './report-view'

export const NEARBY_METERS = 250
/** Distances are shown in steps of 50 m, from the rounded position: enough to say "just here". */
export const DISTANCE_STEP_METERS = 50

/** Before submitting: open reports of the same category within 250 m, nearest first (anonymised, distances to the shown position in 50 m steps). */
export async function listNearbyReports(deps: AppDeps, q: { lat: number; lng: number; category?: string }): Promise<TReportPage> {
  const now = deps.clock.now()
  const rows = await nearbyReports(deps.db.kysely, q.lat, q.lng, NEARBY_METERS, q.category ?? null)
  return {
    items: rows.map((r) => toSummary({ ...r, distance: Math.round(Number(r.distance) / DISTANCE_STEP_METERS) * DISTANCE_STEP_METERS }, deps.storage, now)),
    nextCursor: null,
  }
}
