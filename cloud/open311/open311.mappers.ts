import type { TOpen311Request } from '../../types/open311'
import type { Storage } from '../platform/storage'
import { categoryName, holderOf } from '../reports'
import { CLOSED_STATUSES } from './open311.services'
import type { Open311Row } from './open311.repository'

/** Rows of the open311 domain → GeoReport v2 requests (types/open311). */

/** Public, anonymised: never the reporter, never the exact position (≈100 m) or the typed address. */
export function toRequest(r: Open311Row, storage: Storage): TOpen311Request {
  const closed = (CLOSED_STATUSES as readonly string[]).includes(r.status)
  return {
    service_request_id: r.number,
    status: closed ? 'closed' : 'open',
    status_notes: r.reject_reason ?? r.resolution_note ?? null,
    service_name: categoryName(r.category),
    service_code: r.category,
    description: r.description,
    agency_responsible: holderOf(r),
    service_notice: null,
    requested_datetime: new Date(r.created_at).toISOString(),
    updated_datetime: new Date(r.updated_at).toISOString(),
    expected_datetime: new Date(r.deadline_at).toISOString(),
    address: `${r.street_name}${r.community_name}`,
    lat: Math.round(r.lat * 1000) / 1000,
    long: Math.round(r.lng * 1000) / 1000,
    media_url: r.photo_key ? storage.url(r.photo_key) : null,
  }
}
