import type { AppDeps } from '../platform/context'
import type { TLevel, TReportDetail } from '../../types/reports'
import type { Actor } from '../org'
import { notify } from '../platform/notices'
import { changeReport } from './change-report'
import { reassignTarget } from './report-state'
import { requireReportRole } from './reports.policy'
import { staffAt, unitAtLevel } from './repository/routing'

/** "不属于我们": the department or grid worker hands it back to whoever sent it, with a reason — never a dead end. */
export async function reassignReport(deps: AppDeps, actor: Actor, id: string, input: { reason: string }): Promise<TReportDetail> {
  return changeReport(deps, actor, id, 'reassign', {
    authorize: (r) => requireReportRole(actor, r, ['department_staff', 'grid_worker', 'community_staff', 'cluster_lead', 'street_admin']),
    change: (r) => {
      const to = reassignTarget(r.level as TLevel, r.status as 'assigned' | 'dispatched')
      return { to, set: { department_id: null, assignee_id: null, dispatched_from: null }, reason: input.reason, details: { returnedFrom: r.department_id ?? r.assignee_id } }
    },
    after: async (tx, r, c, now) => {
      const level = c.to === 'escalated' ? (r.level as TLevel) : 'community'
      const unit = await unitAtLevel(tx, r.scope_path, level)
      if (!unit) return
      const roles = level === 'community' ? ['community_staff'] : level === 'cluster' ? ['cluster_lead'] : ['street_admin']
      for (const userId of await staffAt(tx, unit.id, roles)) {
        await notify(tx, now, { userId, kind: 'report.returned', title: '随手拍被退回，请重新安排', body: `${r.number}：${input.reason}`, link: `/packages/staff/reports/detail/index?id=${r.id}` })
      }
    },
  })
}
