import type { Kdb } from '../db/db'
import type { TRole } from '../../types/org'
import { AppError } from '../platform/errors'
import { requireScope, type Actor } from '../org'
import { businessDate } from '../platform/clock'
import { findCommunity } from './repository/accounts'

/** Staff who run a community's points: rules, review, shop, 核销, corrections. */
export const POINTS_STAFF_ROLES: readonly TRole[] = ['community_staff', 'cluster_lead', 'street_admin']

export interface CommunityRef {
  id: string
  name: string
  path: string
}

/** A resident's points live in the community they are registered in. */
export function residentCommunityId(actor: Actor): string {
  if (!actor.communityId) throw new AppError('COMMUNITY_REQUIRED')
  return actor.communityId
}

/**
 * The community a staff request is about: the one named (404 outside the caller's scope) or, when
 * none is named, the community the caller works in.
 */
export async function staffCommunity(db: Kdb, actor: Actor, communityId?: string): Promise<CommunityRef> {
  if (communityId) {
    const community = await findCommunity(db, communityId)
    requireScope(actor, POINTS_STAFF_ROLES, community?.path ?? null, 'ORG_UNIT_NOT_FOUND')
    return community!
  }
  const role = actor.roles.find((r) => r.role === 'community_staff')
  if (!role) {
    if (actor.roles.some((r) => POINTS_STAFF_ROLES.includes(r.role))) throw new AppError('COMMUNITY_REQUIRED')
    throw new AppError('FORBIDDEN')
  }
  return { id: role.orgUnitId, name: role.orgUnitName, path: role.path }
}

/** Points credited in a year are valid until 31 December of the next year (Shanghai business year). */
export function expiresOnFor(now: Date): string {
  return `${Number(businessDate(now).slice(0, 4)) + 1}-12-31`
}

/** Days a hold waits at the counter before the points go back. */
export const HOLD_DAYS = 14
