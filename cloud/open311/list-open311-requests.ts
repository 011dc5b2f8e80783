import type { AppDeps } from '../platform/context'
import type { TOpen311Query, TOpen311Request } from '../../types/open311'
import { CLOSED_STATUSES, OPEN_STATUSES } from './open311.services'
import { listOpen311Requests } from './open311.repository'
import { toRequest } from './open311.mappers'

export async function listOpen311RequestsUseCase(deps: AppDeps, q: TOpen311Query & { id?: string }): Promise<TOpen311Request[]> {
  const numbers = q.id
    ? [q.id]
    : q.service_request_id
        ?.split(',')
        .map((s) => s.trim())
        .filter(Boolean)
  const statuses = q.status ? [...new Set(q.status.split(',').flatMap((s) => (s === 'open' ? [...OPEN_STATUSES] : [...CLOSED_STATUSES])))] : undefined
  // spec default: the last 90 days when no dates are given
  const start = q.start_date ? new Date(q.start_date) : numbers ? undefined : new Date(deps.clock.now().getTime() - 90 * 86_400_000)
  const rows = await listOpen311Requests(deps.db.kysely, { numbers, category: q.service_code, start, end: q.end_date ? new Date(q.end_date) : undefined, statuses, limit: 1000 })
  return rows.map((r) => toRequest(r, deps.storage))
}
