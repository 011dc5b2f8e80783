import type { AppDeps } from '../platform/context'
import type { Actor } from '../org'
import { AppError } from '../platform/errors'
import type { TOrganisation } from '../../types/resources'
import { findOrgUnit, listMembers, listMyOrganisations, listOrganisationsUnder } from './repository/organisations'
import { organisationAccess, ORGANISATION_STAFF_ROLES } from './organisations.policy'
import { toOrganisation } from './organisations.mappers'
import { requireScope } from '../org'

/** One organisation with its members, for its members and the staff covering its host community. */
export async function getOrganisation(deps: AppDeps, actor: Actor, organisationId: string): Promise<TOrganisation> {
  const db = deps.db.kysely
  const { organisation, role } = await organisationAccess(db, actor, organisationId)
  return toOrganisation(organisation, role, await listMembers(db, organisationId))
}

/** The organisations the caller belongs to, with their role in each. */
export async function listMyOrganisationsView(deps: AppDeps, actor: Actor): Promise<{ items: TOrganisation[] }> {
  const rows = await listMyOrganisations(deps.db.kysely, actor.userId)
  return { items: rows.map((r) => toOrganisation(r, r.my_role)) }
}

/** Staff: organisations hosted under a unit they cover (default: their first role's unit). */
export async function listStaffOrganisations(deps: AppDeps, actor: Actor, query: { orgUnitId?: string; status?: 'pending' | 'verified' | 'rejected' }): Promise<{ items: TOrganisation[] }> {
  const db = deps.db.kysely
  const unitId = query.orgUnitId ?? actor.roles.find((r) => ORGANISATION_STAFF_ROLES.includes(r.role))?.orgUnitId
  if (!unitId) throw new AppError('NOT_FOUND')
  const unit = await findOrgUnit(db, unitId)
  requireScope(actor, ORGANISATION_STAFF_ROLES, unit?.path ?? null)
  const rows = await listOrganisationsUnder(db, unit!.path, query.status)
  return { items: rows.map((r) => toOrganisation(r, null)) }
}
