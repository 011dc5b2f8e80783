import type { AppDeps } from '../platform/context'
import type { TBoundaryView, TSetBoundaryRequest } from '../../types/boundaries'
import { requireScope, SETUP_ROLES, type Actor } from './org.policy'
import { AppError } from '../platform/errors'
import { findBoundaryUnit, insertAudit, writeBoundary } from './boundaries.repository'
import { selfIntersection, toStoredCrs } from './geometry'

/** Draw or replace one grid's or community's boundary (PUT …/org-units/{id}/boundary). */
export async function setBoundary(deps: AppDeps, actor: Actor, unitId: string, input: TSetBoundaryRequest): Promise<TBoundaryView> {
  const db = deps.db.kysely
  const unit = await findBoundaryUnit(db, unitId)
  requireScope(actor, SETUP_ROLES, unit?.path ?? null, 'ORG_UNIT_NOT_FOUND')
  const geometry = toStoredCrs(input.geometry, input.crs)
  const kink = selfIntersection(geometry)
  if (kink) throw new AppError('BOUNDARY_INVALID', { fields: { geometry: kink } }, kink)
  const now = deps.clock.now()
  await db.transaction().execute(async (tx) => {
    await writeBoundary(tx, { unitId: unit!.id, path: unit!.path, geometry, crs: input.crs, actorId: actor.userId, now })
    await insertAudit(tx, { actorId: actor.userId, action: 'org.boundary_set', details: { orgUnitId: unit!.id, name: unit!.name, crs: input.crs }, now })
  })
  return { orgUnitId: unit!.id, name: unit!.name, kind: unit!.kind, parentName: unit!.parentName, geometry, source: 'polygon' }
}
