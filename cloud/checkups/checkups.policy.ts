import type { Kdb } from '../db/db'
import { COUNTER_ROLES, hasScope, type Actor } from '../org'
import { AppError } from '../platform/errors'
import { yearsOn } from './checkups.time'
import { hasAnyActiveLink, hasHealthConsent } from './repository/elders'
import { findActiveLink } from '../family'
import type { TRole } from '../../types/org'

/** Staff who run checkups for a community: its own staff, the health centre, cluster leads, the street. */
export const CHECKUP_STAFF_ROLES: readonly TRole[] = COUNTER_ROLES

/** Who can be sent on a 上门体检: the health centre and the community's own staff (not leads or the street office). */
export const HOME_VISITOR_ROLES = ['health_staff', 'community_staff'] as const satisfies readonly TRole[]

/** How someone acts for an elder: as the elder, as family with book_checkups, or as staff in scope. */
export type Acting = { as: 'self' } | { as: 'family'; linkId: string } | { as: 'staff' }

/**
 * Who may act for this elder. Nobody else learns the elder exists (404); family without the
 * book_checkups scope are told plainly that the elder has not allowed it (403).
 */
export async function actingFor(db: Kdb, actor: Actor, elder: { id: string; community_path: string | null } | undefined): Promise<Acting> {
  if (!elder) throw new AppError('ELDER_NOT_FOUND')
  if (elder.id === actor.userId) return { as: 'self' }
  if (hasScope(actor, CHECKUP_STAFF_ROLES, elder.community_path)) return { as: 'staff' }
  const link = await findActiveLink(db, elder.id, actor.userId, 'book_checkups')
  if (link) return { as: 'family', linkId: link.id }
  if (await hasAnyActiveLink(db, elder.id, actor.userId)) throw new AppError('FAMILY_SCOPE_REQUIRED')
  throw new AppError('ELDER_NOT_FOUND')
}

/**
 * Free checkup rule: age ≥ min age on the campaign's date and registered in the campaign's
 * community. Staff may book someone outside it, saying why; the elder's health-data consent
 * (given in the app or recorded at the counter) is needed either way.
 */
export async function requireEligible(
  db: Kdb,
  elder: { id: string; birth_date: string | null; community_id: string | null },
  campaign: { community_id: string; min_age: number; age_on: string },
  acting: Acting,
  overrideReason: string | undefined,
  /** Already known (read with the elder): saves a query on the booking path. */
  healthConsent?: boolean,
): Promise<void> {
  if (overrideReason !== undefined && acting.as !== 'staff') throw new AppError('FORBIDDEN', { field: 'overrideReason' })
  const age = yearsOn(elder.birth_date, campaign.age_on)
  const inCommunity = elder.community_id === campaign.community_id
  if ((age === null || age < campaign.min_age || !inCommunity) && overrideReason === undefined) {
    throw new AppError('NOT_ELIGIBLE', { age, minAge: campaign.min_age, ageOn: campaign.age_on, inCommunity })
  }
  if (!(healthConsent ?? (await hasHealthConsent(db, elder.id)))) throw new AppError('HEALTH_CONSENT_REQUIRED', { elderId: elder.id, kind: 'health' })
}
