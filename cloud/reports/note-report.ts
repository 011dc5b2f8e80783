import type { AppDeps } from '../platform/context'
import type { TReportDetail } from '../../types/reports'
import type { Actor } from '../org'
import { getReportView } from './get-report'
import { QUEUE_ROLES, requireReportRole } from './reports.policy'
import { findReport, insertEvent } from './repository/reports'

/** Staff write an internal note: on the staff timeline, never in any public view. */
export async function noteReport(deps: AppDeps, actor: Actor, id: string, input: { text: string }): Promise<TReportDetail> {
  const db = deps.db.kysely
  const r = await findReport(db, id)
  const role = requireReportRole(actor, r, QUEUE_ROLES)
  await insertEvent(db, { reportId: id, actorId: actor.userId, actorRole: role.role, action: 'note', from: null, to: null, level: r!.level, reason: input.text, public: false, now: deps.clock.now() })
  return getReportView(deps, actor, id)
}
