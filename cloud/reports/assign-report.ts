import type { AppDeps } from '../platform/context'
import type { TReportDetail } from '../../types/reports'
import type { Actor } from '../org'
import { AppError } from '../platform/errors'
import { notify } from '../platform/notices'
import { changeReport } from './change-report'
import { COORDINATOR_ROLES, requireReportRole } from './reports.policy'
import { isGridWorkerIn } from './repository/routing'

/** Community staff hand the case to a grid worker of the same community. */
export async function assignReport(deps: AppDeps, actor: Actor, id: string, input: { assigneeId: string; reason?: string }, opts: { expectedVersion?: number } = {}): Promise<TReportDetail> {
  return changeReport(deps, actor, id, 'assign', {
    expectedVersion: opts.expectedVersion,
    authorize: (r) => requireReportRole(actor, r, COORDINATOR_ROLES),
    check: async (r) => {
      if (!(await isGridWorkerIn(deps.db.kysely, input.assigneeId, r.community_path))) throw new AppError('ASSIGNEE_INVALID')
    },
    change: () => ({ to: 'assigned', set: { assignee_id: input.assigneeId, department_id: null }, reason: input.reason ?? null, details: { assigneeId: input.assigneeId } }),
    after: (tx, r, _c, now) =>
      notify(tx, now, {
        userId: input.assigneeId,
        kind: 'report.assigned',
        title: '您有一条随手拍待处理',
        body: `${r.number}：${r.description.slice(0, 40)}`,
        link: `/packages/staff/reports/detail/index?id=${r.id}`,
      }),
  })
}
