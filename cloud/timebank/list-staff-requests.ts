import type { AppDeps } from '../platform/context'
import type { Actor } from '../org'
import { requireAnyRole } from '../org'
import type { TServiceRequest, TStaffRequestsQuery } from '../../types/timebank'
import { listReviewRequests, listStaffRequests as listForStaff } from './repository/requests'
import { TIMEBANK_STAFF_ROLES } from './timebank.policy'
import { toRequestView } from './timebank.mappers'

/** Staff: requests without a volunteer, disputes, waiting for confirmation, or far check-ins to review, in their scope. */
export async function listStaffRequests(deps: AppDeps, actor: Actor, q: TStaffRequestsQuery): Promise<{ items: TServiceRequest[]; nextCursor: string | null }> {
  requireAnyRole(actor, TIMEBANK_STAFF_ROLES)
  const paths = actor.roles.filter((r) => TIMEBANK_STAFF_ROLES.includes(r.role)).map((r) => r.path)
  const cursor = q.cursor && /^[0-9a-f-]{36}$/.test(q.cursor) ? q.cursor : undefined
  const page = q.status === 'review' ? await listReviewRequests(deps.db.kysely, paths, q.limit, cursor) : await listForStaff(deps.db.kysely, paths, q.status, q.limit, cursor)
  return { items: page.items.map((r) => toRequestView(r)), nextCursor: page.nextCursor }
}
