import type { AppDeps } from '../platform/context'
import type { TLocateResponse } from '../../types/org'
import { gridBoundary } from './boundaries.repository'
import { findGridForPoint } from './org.repository'

/**
 * Names the grid a point belongs to (the one a 随手拍 there is routed to), so a resident sees
 * "东湖社区第一网格" under the pin before sending. Null when the point is outside every street.
 */
export async function locateGrid(deps: AppDeps, lat: number, lng: number): Promise<TLocateResponse> {
  const db = deps.db.kysely
  const grid = await findGridForPoint(db, lat, lng)
  if (!grid) return null
  return { gridId: grid.id, gridName: grid.name, communityName: grid.communityName, boundary: await gridBoundary(db, grid.id) }
}
