import type { TBooking, TCampaign, THomeVisit, TRosterEntry, TSession, TWaitlistEntry } from '../../types/checkups'
import { ageOn } from '../platform/clock'
import { maskPhone } from '../platform/privacy'
import { cancelUntil } from './checkups.time'
import type { BookingContextRow, BookingRow } from './repository/bookings'
import type { RosterRow } from './repository/roster'
import type { CampaignRow } from './repository/campaigns'
import type { AvailabilityRow } from './repository/sessions'
import type { WaitRow } from './repository/waitlist'
import type { HomeVisitRow } from './repository/home-visits'

/** Rows of 体检预约 as the contracts (types/checkups.ts) show them. No SQL here. */

const iso = (d: Date | string) => new Date(d).toISOString()

/** The session a booking, roster line or waitlist entry points at. */
const sessionRef = (r: { session_id: string; starts_at: Date; ends_at: Date; place: string }) => ({ id: r.session_id, startsAt: iso(r.starts_at), endsAt: iso(r.ends_at), place: r.place })

export function toCampaign(r: CampaignRow, remaining: number): TCampaign {
  return {
    id: r.id,
    communityId: r.community_id,
    communityName: r.community_name,
    year: r.year,
    title: r.title,
    minAge: r.min_age,
    ageOn: r.age_on,
    bring: r.bring,
    fasting: r.fasting,
    releaseAt: iso(r.release_at),
    cancelCutoff: r.cancel_cutoff,
    heldBack: r.held_back,
    offerMinutes: r.offer_minutes,
    status: r.status,
    remaining,
  }
}

export function toSession(
  r: { id: string; campaign_id: string; starts_at: Date; ends_at: Date; place: string; capacity: number; booked: number; status: 'open' | 'closed' },
  heldBack: number,
  now: Date,
): TSession {
  const open = r.status === 'open' && r.starts_at.getTime() > now.getTime()
  return {
    id: r.id,
    campaignId: r.campaign_id,
    startsAt: iso(r.starts_at),
    endsAt: iso(r.ends_at),
    place: r.place,
    capacity: r.capacity,
    booked: r.booked,
    remaining: open ? Math.max(r.capacity - heldBack - r.booked, 0) : 0,
    status: r.status,
  }
}

/** A session of the availability list (times read as epoch milliseconds, see `availability`). */
export function toAvailableSession(x: AvailabilityRow, heldBack: number): TSession {
  return {
    id: x.id,
    campaignId: x.campaign_id,
    startsAt: new Date(Number(x.starts_ms)).toISOString(),
    endsAt: new Date(Number(x.ends_ms)).toISOString(),
    place: x.place,
    capacity: x.capacity,
    booked: x.booked,
    remaining: x.bookable ? Math.max(x.capacity - heldBack - x.booked, 0) : 0,
    status: x.status,
  }
}

export function toBooking(r: BookingRow): TBooking {
  return {
    id: r.id,
    campaignId: r.campaign_id,
    campaignTitle: r.campaign_title,
    elderId: r.elder_id,
    elderName: r.elder_name,
    status: r.status,
    channel: r.channel,
    bookedById: r.booked_by,
    bookedByName: r.booked_by_name,
    session: sessionRef(r),
    bring: r.bring,
    fasting: r.fasting,
    cancelUntil: iso(cancelUntil(r.starts_at, r.cancel_cutoff)),
    createdAt: iso(r.created_at),
    checkedInAt: r.checked_in_at ? iso(r.checked_in_at) : null,
  }
}

/** The elder and the session (with its campaign) a booking decision reads; either may be missing. */
export function toBookingContext(row: BookingContextRow | undefined) {
  if (!row) return { elder: undefined, session: undefined }
  const elder = {
    id: row.elder_id,
    name: row.elder_name,
    birth_date: row.birth_date,
    community_id: row.elder_community_id,
    community_path: row.elder_community_path,
    healthConsent: row.health_consent,
  }
  if (!row.id) return { elder, session: undefined }
  const session = {
    id: row.id,
    campaign_id: row.campaign_id,
    starts_at: row.starts_at,
    ends_at: row.ends_at,
    place: row.place,
    capacity: row.capacity,
    booked: row.booked,
    status: row.status,
    community_id: row.community_id,
    community_path: row.community_path,
    held_back: row.held_back,
    campaign_status: row.campaign_status,
    release_at: row.release_at,
    cancel_cutoff: row.cancel_cutoff,
    offer_minutes: row.offer_minutes,
    min_age: row.min_age,
    age_on: typeof row.age_on === 'string' ? row.age_on : iso(row.age_on).slice(0, 10),
    campaign_title: row.campaign_title,
    bring: row.bring,
    fasting: row.fasting,
  }
  return { elder, session }
}

export function toRosterEntry(r: RosterRow, now: Date): TRosterEntry {
  return {
    bookingId: r.id,
    elderId: r.elder_id,
    elderName: r.name,
    age: ageOn(r.birth_date, now),
    phoneMasked: maskPhone(r.phone),
    phone: r.phone,
    idNumberMasked: r.id_number_masked,
    address: r.address,
    status: r.status,
    channel: r.channel,
    session: sessionRef(r),
    checkedInAt: r.checked_in_at ? iso(r.checked_in_at) : null,
    familyContacts: (r.family ?? []) as { name: string; phone: string | null }[],
  }
}

export function toWait(r: WaitRow): TWaitlistEntry {
  return {
    id: r.id,
    campaignId: r.campaign_id,
    elderId: r.elder_id,
    elderName: r.elder_name,
    status: r.status,
    session: sessionRef(r),
    createdAt: iso(r.created_at),
    offerExpiresAt: r.offer_expires_at ? iso(r.offer_expires_at) : null,
    position: r.status === 'waiting' ? Number(r.ahead ?? 1) : null,
  }
}

export function toHomeVisit(r: HomeVisitRow): THomeVisit {
  return {
    id: r.id,
    campaignId: r.campaign_id,
    elderId: r.elder_id,
    elderName: r.elder_name,
    status: r.status,
    note: r.note,
    staffId: r.staff_id,
    startsAt: r.starts_at ? iso(r.starts_at) : null,
    endsAt: r.ends_at ? iso(r.ends_at) : null,
  }
}
