import type { Kdb } from '../db/db'
import type { TRole } from '../../types/org'
import { hasScope, type Actor } from '../org'
import { requireLeader, streetPathOf } from '../organisations'
import { AppError } from '../platform/errors'
import { businessDate, formatShanghai } from '../platform/clock'
import type { ResourceRow } from './repository/resources'

/** Staff of the lending community: list resources, approve, check in, see usage. */
export const RESOURCE_STAFF_ROLES: readonly TRole[] = ['community_staff', 'cluster_lead', 'street_admin']

/** Residents cancel online until this long before the start (staff any time). */
export const CANCEL_BEFORE_MINUTES = 120
/** Check-in opens this long before the start. */
export const CHECK_IN_EARLY_MINUTES = 30
/** Bookings start at most this far ahead (the first occurrence of a recurring one). */
export const BOOK_AHEAD_DAYS = 60
/** 3 no-shows within 60 days: no bookings for 30 days. */
export const NO_SHOW_LIMIT = 3
export const NO_SHOW_WINDOW_DAYS = 60
export const SUSPENSION_DAYS = 30

/** The resident's street (a resource of another street does not exist for them). */
function sameStreet(actor: Actor, res: Pick<ResourceRow, 'community_path'>): boolean {
  return Boolean(actor.communityPath && res.community_path.startsWith(streetPathOf(actor.communityPath)))
}

export function isLendingStaff(actor: Actor, res: Pick<ResourceRow, 'community_path'>): boolean {
  return hasScope(actor, RESOURCE_STAFF_ROLES, res.community_path)
}

/**
 * Who sees a resource in search and on its page: staff of the lending community; residents of the
 * street, except that an own-residents-only room of another community does not exist for them.
 */
export function visibleTo(actor: Actor, res: Pick<ResourceRow, 'community_path' | 'community_id' | 'audience' | 'active'>): boolean {
  if (isLendingStaff(actor, res)) return true
  if (!res.active || !sameStreet(actor, res)) return false
  return res.audience !== 'own' || actor.communityId === res.community_id
}

/**
 * May the caller book it (and in whose name)? Outside the street 404; an own-residents-only
 * resource of another community, or an organisations-only one without an organisation, 403; in an
 * organisation's name only its leader (requireLeader: 404 / 403), for a verified organisation.
 */
export async function requireBookingRight(db: Kdb, actor: Actor, res: ResourceRow, organisationId: string | undefined): Promise<void> {
  if (!res.active || (!sameStreet(actor, res) && !isLendingStaff(actor, res))) throw new AppError('RESOURCE_NOT_FOUND')
  if (organisationId) {
    const org = await requireLeader(db, actor, organisationId)
    if (!org.host_path.startsWith(streetPathOf(res.community_path))) throw new AppError('RESOURCE_NOT_OPEN_TO_YOU')
    if (res.audience === 'own' && org.host_community_id !== res.community_id) throw new AppError('RESOURCE_NOT_OPEN_TO_YOU')
    return
  }
  if (res.audience === 'organisations') throw new AppError('RESOURCE_NOT_OPEN_TO_YOU', { audience: 'organisations' })
  if (res.audience === 'own' && actor.communityId !== res.community_id) throw new AppError('RESOURCE_NOT_OPEN_TO_YOU', { audience: 'own' })
}

export interface Occurrence {
  week: number
  startsAt: Date
  endsAt: Date
}

/**
 * The weekly occurrences of a booking, each inside the open hours of one Shanghai day, no longer
 * than the resource allows, starting in the future and the first within 60 days.
 */
export function occurrencesOf(res: Pick<ResourceRow, 'open_from' | 'open_until' | 'max_minutes'>, input: { startsAt: string; endsAt: string; repeatWeeks?: number }, now: Date): Occurrence[] {
  const start = new Date(input.startsAt)
  const end = new Date(input.endsAt)
  const minutes = (end.getTime() - start.getTime()) / 60_000
  const endClock = formatShanghai(end, 'HH:mm')
  const sameDay = businessDate(start) === businessDate(end) || (endClock === '00:00' && minutes <= 24 * 60)
  const within = formatShanghai(start, 'HH:mm') >= res.open_from && (endClock === '00:00' ? res.open_until === '24:00' : endClock <= res.open_until)
  const ahead = start.getTime() - now.getTime()
  if (!sameDay || !within || minutes > res.max_minutes || ahead <= 0 || ahead > BOOK_AHEAD_DAYS * 86_400_000) {
    throw new AppError('RESOURCE_TIME_INVALID', { openFrom: res.open_from, openUntil: res.open_until, maxMinutes: res.max_minutes })
  }
  const week = 7 * 86_400_000
  return Array.from({ length: input.repeatWeeks ?? 1 }, (_, i) => ({ week: i + 1, startsAt: new Date(start.getTime() + i * week), endsAt: new Date(end.getTime() + i * week) }))
}

export function cancellableBy(status: string, startsAt: Date, now: Date): boolean {
  return (status === 'pending' || status === 'approved') && now.getTime() < startsAt.getTime() - CANCEL_BEFORE_MINUTES * 60_000
}
