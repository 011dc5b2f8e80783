import type { AppDeps } from '../platform/context'
import type { Actor } from '../org'
import type { TCreateOrgUnitRequest } from '../../types/admin'
import { AppError } from '../platform/errors'
import { newId } from '../platform/ids'
import { PARENT_KIND, requireAdminOver } from './admin.policy'
import { findUnit, insertUnit, siblingNameTaken } from './repository/org-units'
import { writeAudit } from './repository/audit'
import { applyCommunityDefaults } from './street-defaults'

/** A 片区, community, grid or department under a parent the caller administers; a community gets the street's 积分 default rules. */
export async function createOrgUnit(deps: AppDeps, actor: Actor, input: TCreateOrgUnitRequest) {
  const db = deps.db.kysely
  const now = deps.clock.now()
  const parent = await findUnit(db, input.parentId)
  requireAdminOver(actor, parent?.path ?? null, 'ORG_UNIT_NOT_FOUND')
  if (!parent) throw new AppError('ORG_UNIT_NOT_FOUND')
  if (PARENT_KIND[input.kind] !== parent.kind) throw new AppError('ORG_PARENT_INVALID', { kind: input.kind, parentKind: parent.kind })
  if (parent.closed_at) throw new AppError('ORG_UNIT_CLOSED', { id: parent.id })
  if (await siblingNameTaken(db, parent.id, input.name)) throw new AppError('ORG_NAME_TAKEN', { name: input.name })
  const id = newId()
  const path = `${parent.path}${id}/`
  const streetId = parent.path.split('/')[1]
  await db.transaction().execute(async (tx) => {
    await insertUnit(tx, { id, kind: input.kind, name: input.name, parentId: parent.id, path, now })
    if (input.kind === 'community') await applyCommunityDefaults(tx, id, streetId, actor.userId, now)
    await writeAudit(tx, { actorId: actor.userId, action: 'admin.org_unit_created', details: { id, kind: input.kind, name: input.name, parent: parent.name }, scopePath: path, now })
  })
  return { id, kind: input.kind, name: input.name, parentId: parent.id, closedAt: null }
}
