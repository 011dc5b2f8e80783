import type { AppDeps } from '../platform/context'
import type { TReportDetail } from '../../types/reports'
import type { Actor } from '../org'
import { changeReport } from './change-report'
import { HANDLER_ROLES, requireReportRole } from './reports.policy'
import { tellFollowers } from './report-notices'

/** Not a matter for us, or not a real problem: the reason is shown to the reporter. */
export async function rejectReport(deps: AppDeps, actor: Actor, id: string, input: { reason: string }): Promise<TReportDetail> {
  return changeReport(deps, actor, id, 'reject', {
    authorize: (r) => requireReportRole(actor, r, HANDLER_ROLES),
    change: (_r, now) => ({ to: 'rejected', set: { reject_reason: input.reason, closed_at: now }, reason: input.reason }),
    after: (tx, r, _c, now) => tellFollowers(tx, r, 'report.rejected', '随手拍未受理', `原因：${input.reason}`, now),
  })
}
