import type { Kdb } from '../db/db'
import type { TRole } from '../../types/org'
import { covers, hasScope, requireScope, type Actor } from '../org'
import { AppError } from '../platform/errors'
import { findUnit, type UnitRow } from './repository/units'

/** Staff who run 议事协商 for a community: triage, meetings, votes, paper ballots, 落实. */
export const DELIBERATION_STAFF: readonly TRole[] = ['community_staff', 'cluster_lead', 'street_admin']

/** The caller's resident role (their community), or null for staff without one. */
export function residentRole(actor: Actor) {
  return actor.roles.find((r) => r.role === 'resident') ?? null
}

/**
 * The unit a list or a new topic is about: the caller's community by default; another unit only if
 * it lies within the caller's community (residents) or their staff scope. Anything else: 404.
 */
export async function unitInReach(db: Kdb, actor: Actor, orgUnitId: string | undefined): Promise<UnitRow> {
  const resident = residentRole(actor)
  const staffRole = actor.roles.find((r) => DELIBERATION_STAFF.includes(r.role))
  const id = orgUnitId ?? resident?.orgUnitId ?? actor.communityId ?? staffRole?.orgUnitId
  const unit = id ? await findUnit(db, id) : undefined
  if (!unit || unit.kind === 'department') throw new AppError('ORG_UNIT_NOT_FOUND')
  if (resident && covers(resident, unit.path)) return unit
  if (hasScope(actor, DELIBERATION_STAFF, unit.path)) return unit
  throw new AppError('ORG_UNIT_NOT_FOUND')
}

/** Staff of the community (or above) that holds `path`; outside: 404 with `notFound`. */
export function requireDeliberationStaff(actor: Actor, path: string, notFound: 'TOPIC_NOT_FOUND' | 'VOTE_NOT_FOUND' | 'ORG_UNIT_NOT_FOUND' | 'NOT_FOUND' = 'NOT_FOUND') {
  return requireScope(actor, DELIBERATION_STAFF, path, notFound)
}

/** A resident sees the topics and votes of their own community; staff those in their scope. */
export function canSee(actor: Actor, communityPath: string): boolean {
  const resident = residentRole(actor)
  return Boolean((resident && communityPath.startsWith(resident.path)) || hasScope(actor, DELIBERATION_STAFF, communityPath))
}
