import type { TResource, TResourceBooking, TTakenRange } from '../../types/resources'
import type { BookingRow } from './repository/bookings'
import type { ResourceRow } from './repository/resources'
import { cancellableBy } from './resources.policy'

export function toTaken(rows: { starts_at: Date; ends_at: Date; quantity: number }[]): TTakenRange[] {
  return rows.map((r) => ({ startsAt: r.starts_at.toISOString(), endsAt: r.ends_at.toISOString(), quantity: r.quantity }))
}

export function toResource(row: ResourceRow, distanceM: number | null, taken: TTakenRange[]): TResource {
  return {
    id: row.id,
    name: row.name,
    communityId: row.community_id,
    communityName: row.community_name,
    kind: row.kind,
    description: row.description,
    rules: row.rules,
    address: row.address,
    photos: Array.isArray(row.photos) ? row.photos : [],
    capacity: row.capacity,
    exclusive: row.exclusive,
    openFrom: row.open_from,
    openUntil: row.open_until,
    maxMinutes: row.max_minutes,
    audience: row.audience,
    needsApproval: row.needs_approval,
    distanceM,
    taken,
  }
}

export function toBooking(row: BookingRow, now: Date): TResourceBooking {
  return {
    id: row.id,
    seriesId: row.series_id,
    week: row.week_index,
    resourceId: row.resource_id,
    resourceName: row.resource_name,
    resourceKind: row.resource_kind,
    communityId: row.community_id,
    communityName: row.community_name,
    address: row.address,
    bookerName: row.booker_name,
    bookerCommunityName: row.booker_community_name,
    organisationId: row.organisation_id,
    organisationName: row.organisation_name,
    startsAt: row.starts_at.toISOString(),
    endsAt: row.ends_at.toISOString(),
    quantity: row.quantity,
    status: row.status,
    purpose: row.purpose,
    decisionNote: row.decision_note,
    checkedInAt: row.checked_in_at ? row.checked_in_at.toISOString() : null,
    cancellable: cancellableBy(row.status, row.starts_at, now),
  }
}
