import type { Kdb } from '../db/db'
import { ageOn } from '../platform/clock'
import { AppError } from '../platform/errors'
import { COUNTER_ROLES, hasScope, type Actor } from '../org'
import { findActiveLink } from '../family'
import type { TimebankStatus } from '../db/schema'
import { findPerson, hasVolunteerRole } from './repository/people'
import type { RequestRow } from './repository/requests'
import type { TimebankRules } from './repository/rules'

/**
 * The life of a service request, in one place. Every action names the states it may start from;
 * the repository's transitionRequest applies it in one guarded UPDATE (409 with the current state).
 */
export const TRANSITIONS = {
  accept: { from: ['open'], to: 'accepted' },
  assign: { from: ['open'], to: 'accepted' },
  // the volunteer withdraws before the start: the request is open again
  withdraw: { from: ['accepted'], to: 'open' },
  cancel: { from: ['open', 'accepted'], to: 'cancelled' },
  // a volunteer gives back their place in a group
  withdrawPlace: { from: ['accepted'], to: 'cancelled' },
  checkIn: { from: ['accepted'], to: 'in_service' },
  checkOut: { from: ['in_service'], to: 'awaiting_confirmation' },
  confirm: { from: ['awaiting_confirmation'], to: 'confirmed' },
  dispute: { from: ['awaiting_confirmation'], to: 'disputed' },
  settleCredit: { from: ['disputed'], to: 'confirmed' },
  settleReject: { from: ['disputed'], to: 'rejected' },
  // staff refuse a far check-in: the service is not counted
  reviewReject: { from: ['in_service', 'awaiting_confirmation', 'disputed'], to: 'rejected' },
} as const satisfies Record<string, { from: readonly TimebankStatus[]; to: TimebankStatus }>

/** 签到 opens this long before the service starts: a volunteer early at the door may begin, one a day early may not. */
export const CHECK_IN_OPENS_MINUTES = 60

/** Staff who run the time bank of a community. */
export const TIMEBANK_STAFF_ROLES = COUNTER_ROLES

/** How the caller stands to a request: decides what they may see and do. */
export interface Standing {
  elder: boolean
  family: boolean
  staff: boolean
  volunteer: boolean
  requester: boolean
  /** a volunteer of the community looking at an open request */
  candidate: boolean
}

export async function standingOf(db: Kdb, actor: Actor, r: RequestRow): Promise<Standing> {
  const staff = hasScope(actor, TIMEBANK_STAFF_ROLES, r.community_path)
  const family = actor.userId !== r.elder_id && Boolean(await findActiveLink(db, r.elder_id, actor.userId, 'request_services'))
  const candidate = r.status === 'open' && hasScope(actor, ['volunteer'], r.community_path)
  return {
    elder: actor.userId === r.elder_id,
    family,
    staff,
    volunteer: r.volunteer_id === actor.userId,
    // whoever made the request acts for the elder only while they still may: a revoked family link
    // or a lost staff role ends it, whoever created the request
    requester: r.requested_by === actor.userId && (actor.userId === r.elder_id || family || staff),
    candidate,
  }
}

/** Outside every standing the request does not exist (404). */
export function requireSeen(s: Standing): void {
  if (!(s.elder || s.family || s.staff || s.volunteer || s.requester || s.candidate)) throw new AppError('SERVICE_REQUEST_NOT_FOUND')
}

/** The elder's side: the elder, a linked family member with request_services, or staff. */
export function requireElderSide(s: Standing): 'elder' | 'family' | 'staff' {
  requireSeen(s)
  if (s.elder) return 'elder'
  if (s.family) return 'family'
  if (s.staff) return 'staff'
  // the volunteer may see the request but never confirms their own service
  throw new AppError('FORBIDDEN')
}

/** A verified volunteer (role volunteer in the request's community, given by staff) aged 18+. */
export async function requireVolunteer(db: Kdb, userId: string, communityPath: string, rules: TimebankRules, now: Date): Promise<void> {
  if (!(await hasVolunteerRole(db, userId, communityPath))) throw new AppError('VOLUNTEER_REQUIRED')
  const person = await findPerson(db, userId)
  const age = ageOn(person?.birth_date ?? null, now)
  if (age === null || age < rules.minVolunteerAge) throw new AppError('VOLUNTEER_TOO_YOUNG', { minAge: rules.minVolunteerAge })
}

/** Great-circle distance in metres (plain haversine; 300 m needs nothing better). */
export function distanceMetres(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const R = 6_371_000
  const rad = Math.PI / 180
  const dLat = (b.lat - a.lat) * rad
  const dLng = (b.lng - a.lng) * rad
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2
  return Math.round(2 * R * Math.asin(Math.min(1, Math.sqrt(h))))
}

/** minutes = check-out − check-in, rounded down to 5 minutes, capped by the request's maximum. */
export function serviceMinutes(checkIn: Date, checkOut: Date, maxMinutes: number): number {
  const raw = Math.floor((checkOut.getTime() - checkIn.getTime()) / 60_000)
  return Math.max(0, Math.min(maxMinutes, raw - (raw % 5)))
}

// a cancellation within two hours of the start is recorded as late: the other side was already planning
export const LATE_CANCEL_MINUTES = 120
