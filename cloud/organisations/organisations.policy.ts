import type { Kdb } from '../db/db'
import type { TRole } from '../../types/org'
import { hasScope, type Actor } from '../org'
import { AppError } from '../platform/errors'
import { findOrganisation, memberRole, type OrganisationRow } from './repository/organisations'

/** Staff who verify organisations hosted in their communities and see the street office's overview. */
export const ORGANISATION_STAFF_ROLES: readonly TRole[] = ['community_staff', 'cluster_lead', 'street_admin']

/** '/street/' of an org path '/street/cluster/community/'. */
export function streetPathOf(path: string): string {
  return `/${path.split('/')[1]}/`
}

/** A resident's own community; staff without one act only through their roles. */
export function residentCommunity(actor: Actor): { id: string; path: string } {
  if (!actor.communityId || !actor.communityPath) throw new AppError('COMMUNITY_REQUIRED')
  return { id: actor.communityId, path: actor.communityPath }
}

export interface OrganisationAccess {
  organisation: OrganisationRow
  role: 'leader' | 'member' | null
  staff: boolean
}

/**
 * Members see their organisation, and staff covering its host community; anyone else is told it
 * does not exist (404).
 */
export async function organisationAccess(db: Kdb, actor: Actor, organisationId: string): Promise<OrganisationAccess> {
  const organisation = await findOrganisation(db, organisationId)
  if (!organisation) throw new AppError('ORGANISATION_NOT_FOUND')
  const role = await memberRole(db, organisationId, actor.userId)
  const staff = hasScope(actor, ORGANISATION_STAFF_ROLES, organisation.host_path)
  if (!role && !staff) throw new AppError('ORGANISATION_NOT_FOUND')
  return { organisation, role, staff }
}

/**
 * An organisation's leader acts in its name (publish activities, book resources, add members);
 * a member is refused (403), anyone else does not see it (404). `verified` asks that staff have
 * verified it already.
 */
export async function requireLeader(db: Kdb, actor: Actor, organisationId: string, verified = true): Promise<OrganisationRow> {
  const access = await organisationAccess(db, actor, organisationId)
  if (access.role !== 'leader') {
    if (access.role === 'member' || access.staff) throw new AppError('ORGANISATION_LEADER_ONLY')
    throw new AppError('ORGANISATION_NOT_FOUND')
  }
  if (verified && access.organisation.status !== 'verified') throw new AppError('ORGANISATION_NOT_VERIFIED')
  return access.organisation
}
