import { SERVICE_TYPE_LABELS, REQUEST_STATUS_LABELS, type TServiceRequest, type TServiceType } from '../../types/timebank'
import type { RequestRow } from './repository/requests'

const iso = (d: Date | string | null): string | null => (d ? new Date(d).toISOString() : null)

export function toRequestView(r: RequestRow & { distance_m?: number }, autoConfirmHours?: number): TServiceRequest {
  const type = r.service_type as TServiceType
  const autoConfirmAt =
    r.status === 'awaiting_confirmation' && r.check_out_at && !r.check_out_proposed && autoConfirmHours
      ? new Date(new Date(r.check_out_at).getTime() + autoConfirmHours * 3_600_000).toISOString()
      : null
  return {
    id: r.id,
    communityId: r.community_id,
    elderId: r.elder_id,
    elderName: r.elder_name,
    requestedBy: r.requested_by,
    requestedByName: r.requested_by_name,
    serviceType: type,
    serviceTypeLabel: SERVICE_TYPE_LABELS[type] ?? type,
    startsAt: iso(r.starts_at)!,
    endsAt: iso(r.ends_at)!,
    address: r.address,
    estimateMinutes: r.estimate_minutes,
    maxMinutes: r.max_minutes,
    notes: r.notes,
    status: r.status,
    statusLabel: REQUEST_STATUS_LABELS[r.status],
    version: r.version,
    volunteerId: r.volunteer_id,
    volunteerName: r.volunteer_name,
    checkInAt: iso(r.check_in_at),
    checkOutAt: iso(r.check_out_at),
    checkOutProposed: r.check_out_proposed,
    minutes: r.minutes,
    creditedMinutes: r.credited_minutes,
    capNote: r.cap_note,
    rating: r.rating,
    comment: r.comment,
    disputeReason: r.dispute_reason,
    settleReason: r.settle_reason,
    cancelReason: r.cancel_reason,
    lateCancel: r.late_cancel,
    autoConfirmAt: r.check_in_review === 'pending' ? null : autoConfirmAt,
    createdAt: iso(r.created_at)!,
    volunteersNeeded: r.volunteers_needed,
    placesTaken: r.places_taken,
    parentId: r.parent_id,
    checkInDistanceM: r.check_in_distance_m,
    checkInReview: r.check_in_review,
    checkInReviewReason: r.check_in_review_reason,
    ...('distance_m' in r && typeof r.distance_m === 'number' ? { distanceM: Math.round(r.distance_m) } : {}),
  }
}
