import type { AppDeps } from '../platform/context'
import type { TOpen311Query, TOpen311Request } from '../../types/open311'
import { categoryName, holderOf } from '../reports'
import { CLOSED_STATUSES, OPEN_STATUSES } from './open311.services'
import { listOpen311Requests, type Open311Row } from './open311.repository'

/** Public, anonymised: never the reporter, never the exact position (≈100 m) or the typed address. */
function toRequest(r: Open311Row, deps: AppDeps): TOpen311Request {
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
    media_url: r.photo_key ? deps.storage.url(r.photo_key) : null,
  }
}

export async function listOpen311RequestsUseCase(deps: AppDeps, q: TOpen311Query & { id?: string }): Promise<TOpen311Request[]> {
  const numbers = q.id ? [q.id] : q.service_request_id?.split(',').map((s) => s.trim()).filter(Boolean)
  const statuses = q.status
    ? [...new Set(q.status.split(',').flatMap((s) => (s === 'open' ? [...OPEN_STATUSES] : [...CLOSED_STATUSES])))]
    : undefined
  // spec default: the last 90 days when no dates are given
  const start = q.start_date ? new Date(q.start_date) : numbers ? undefined : new Date(deps.clock.now().getTime() - 90 * 86_400_000)
  const rows = await listOpen311Requests(deps.db.kysely, { numbers, category: q.service_code, start, end: q.end_date ? new Date(q.end_date) : undefined, statuses, limit: 1000 })
  return rows.map((r) => toRequest(r, deps))
}
