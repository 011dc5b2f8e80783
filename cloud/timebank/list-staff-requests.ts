import type { AppDeps } from '../app'
import type { Actor } from '../org/org.policy'
import { requireAnyRole } from '../org/org.policy'
import type { TServiceRequest, TStaffRequestsQuery } from '../../types/timebank'
import { listStaffRequests as listForStaff } from './timebank.repository'
import { TIMEBANK_STAFF_ROLES } from './timebank.policy'
import { toRequestView } from './timebank.view'

/** Staff: requests without a volunteer, disputes, or waiting for confirmation, in their scope. */
export async function listStaffRequests(deps: AppDeps, actor: Actor, q: TStaffRequestsQuery): Promise<{ items: TServiceRequest[]; nextCursor: string | null }> {
  requireAnyRole(actor, TIMEBANK_STAFF_ROLES)
  const paths = actor.roles.filter((r) => TIMEBANK_STAFF_ROLES.includes(r.role)).map((r) => r.path)
  const page = await listForStaff(deps.db.kysely, paths, q.status, q.limit, q.cursor && /^[0-9a-f-]{36}$/.test(q.cursor) ? q.cursor : undefined)
  return { items: page.items.map((r) => toRequestView(r)), nextCursor: page.nextCursor }
}
