import type { AppDeps } from '../platform/context'
import type { Actor } from '../org'
import type { TUpdateOrgUnitRequest } from '../../types/admin'
import { AppError } from '../platform/errors'
import { PARENT_KIND, requireAdminOver } from './admin.policy'
import { findUnit, moveSubtree, openWorkUnder, renameUnit, setUnitClosed, siblingNameTaken } from './repository/org-units'
import { writeAudit } from './repository/audit'

/**
 * Rename, move under another parent of the right kind (the subtree's paths follow in the same
 * transaction), close or reopen. A unit closes only when nothing is open under it: reports, time bank
 * requests, checkup bookings, staff placed there, child units — those are handed over first.
 */
export async function updateOrgUnit(deps: AppDeps, actor: Actor, id: string, input: TUpdateOrgUnitRequest) {
  const db = deps.db.kysely
  const now = deps.clock.now()
  const unit = await findUnit(db, id)
  requireAdminOver(actor, unit?.path ?? null, 'ORG_UNIT_NOT_FOUND')
  if (!unit) throw new AppError('ORG_UNIT_NOT_FOUND')
  // the caller's own top unit (the street for a street admin, the 片区 for its lead) is renamed, not moved or closed
  if (unit.kind === 'street' && (input.parentId !== undefined || input.closed !== undefined)) throw new AppError('ORG_PARENT_INVALID', { kind: 'street' }, '街道不能移动或撤销')
  let parent = null
  if (input.parentId !== undefined && input.parentId !== unit.parent_id) {
    parent = await findUnit(db, input.parentId)
    requireAdminOver(actor, parent?.path ?? null, 'ORG_UNIT_NOT_FOUND')
    // moving a unit out from under the caller's own scope would also be refused here
    requireAdminOver(actor, unit.parent_id ? ((await findUnit(db, unit.parent_id))?.path ?? null) : null, 'ORG_UNIT_NOT_FOUND')
    if (!parent) throw new AppError('ORG_UNIT_NOT_FOUND')
    if (PARENT_KIND[unit.kind as keyof typeof PARENT_KIND] !== parent.kind) throw new AppError('ORG_PARENT_INVALID', { kind: unit.kind, parentKind: parent.kind })
    if (parent.closed_at) throw new AppError('ORG_UNIT_CLOSED', { id: parent.id })
  }
  if (input.closed === false && !unit.closed_at && !input.name && !parent) return { id: unit.id, changed: false }
  if (unit.closed_at && input.closed !== false && (input.name || parent)) throw new AppError('ORG_UNIT_CLOSED', { id: unit.id })
  const name = input.name && input.name !== unit.name ? input.name : null
  if (name && (await siblingNameTaken(db, parent?.id ?? unit.parent_id, name, unit.id))) throw new AppError('ORG_NAME_TAKEN', { name })
  if (input.closed === true && !unit.closed_at) {
    const open = await openWorkUnder(db, unit)
    if (Object.values(open).some((n) => n > 0)) throw new AppError('ORG_UNIT_HAS_OPEN_WORK', open)
  }
  await db.transaction().execute(async (tx) => {
    let scopePath = unit.path
    if (name) {
      await renameUnit(tx, unit.id, name)
      await writeAudit(tx, { actorId: actor.userId, action: 'admin.org_unit_renamed', details: { id: unit.id, from: unit.name, to: name }, scopePath, now })
    }
    if (parent) {
      scopePath = await moveSubtree(tx, unit, parent)
      await writeAudit(tx, { actorId: actor.userId, action: 'admin.org_unit_moved', details: { id: unit.id, name: name ?? unit.name, to: parent.name }, scopePath, now })
    }
    if (input.closed === true && !unit.closed_at) {
      await setUnitClosed(tx, unit.id, now)
      await writeAudit(tx, { actorId: actor.userId, action: 'admin.org_unit_closed', details: { id: unit.id, name: unit.name }, scopePath, now })
    }
    if (input.closed === false && unit.closed_at) {
      await setUnitClosed(tx, unit.id, null)
      await writeAudit(tx, { actorId: actor.userId, action: 'admin.org_unit_reopened', details: { id: unit.id, name: unit.name }, scopePath, now })
    }
  })
  return { id: unit.id, changed: true }
}
