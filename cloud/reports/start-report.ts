import type { AppDeps } from '../platform/context'
import type { TReportDetail } from '../../types/reports'
import type { Actor } from '../org'
import { changeReport } from './change-report'
import { requireReportRole, WORKER_ROLES } from './reports.policy'
import { tellFollowers } from './report-notices'

/** Work begins on the ground (grid worker, community, or the department it was sent to). */
export async function startReport(deps: AppDeps, actor: Actor, id: string, input: { reason?: string }): Promise<TReportDetail> {
  return changeReport(deps, actor, id, 'start', {
    authorize: (r) => requireReportRole(actor, r, r?.status === 'dispatched' ? ['department_staff'] : [...WORKER_ROLES, 'department_staff']),
    change: (r) => ({ to: 'in_progress', set: r.department_id || r.assignee_id ? {} : { assignee_id: actor.userId }, reason: input.reason ?? null }),
    after: (tx, r, _c, now) => tellFollowers(tx, r, 'report.started', '随手拍开始处理', '工作人员已开始处理', now),
  })
}
