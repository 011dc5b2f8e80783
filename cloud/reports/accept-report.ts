import type { AppDeps } from '../platform/context'
import type { TReportDetail } from '../../types/reports'
import type { Actor } from '../org'
import { publish } from '../platform/notices'
import { changeReport } from './change-report'
import { HANDLER_ROLES, requireReportRole } from './reports.policy'
import { tellFollowers } from './report-notices'

/** The grid worker (or anyone above) accepts a valid report; the reporter earns points for it. */
export async function acceptReport(deps: AppDeps, actor: Actor, id: string, input: { reason?: string }, opts: { expectedVersion?: number } = {}): Promise<TReportDetail> {
  return changeReport(deps, actor, id, 'accept', {
    expectedVersion: opts.expectedVersion,
    authorize: (r) => requireReportRole(actor, r, HANDLER_ROLES),
    change: () => ({ to: 'accepted', reason: input.reason ?? null }),
    after: async (tx, r, _c, now) => {
      await tellFollowers(tx, r, 'report.accepted', '随手拍已受理', '社区已受理，正在安排处理', now)
      // consumed by the points domain (积分): a valid report earns the reporter points
      await publish(tx, now, 'report.accepted', { reportId: r.id, reporterId: r.reporter_id, communityId: r.community_id, acceptedAt: now.toISOString() })
    },
  })
}
