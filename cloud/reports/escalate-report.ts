import type { AppDeps } from '../platform/context'
import type { TLevel, TReportDetail } from '../../types/reports'
import type { Actor } from '../org'
import { notify } from '../platform/notices'
import { changeReport } from './change-report'
import { escalationLevel } from './report-state'
import { requireReportRole } from './reports.policy'
import { staffAt, unitAtLevel } from './repository/routing'

/** 片区吹哨: the community cannot solve it alone; the 片区 takes the case and can call departments in. */
export async function escalateReport(deps: AppDeps, actor: Actor, id: string, input: { reason: string }): Promise<TReportDetail> {
  return changeReport(deps, actor, id, 'escalate', {
    authorize: (r) => requireReportRole(actor, r, ['grid_worker', 'community_staff', 'cluster_lead']),
    change: (r) => ({ to: 'escalated', set: { level: escalationLevel(r.level as TLevel), assignee_id: null }, reason: input.reason }),
    after: async (tx, r, c, now) => {
      const level = c.set!.level as TLevel
      const unit = await unitAtLevel(tx, r.scope_path, level)
      if (!unit) return
      for (const userId of await staffAt(tx, unit.id, level === 'cluster' ? ['cluster_lead'] : ['street_admin'])) {
        await notify(tx, now, { userId, kind: 'report.escalated', title: '社区吹哨：请协调处理', body: `${r.number}：${input.reason}`, link: `/packages/staff/reports/detail/index?id=${r.id}` })
      }
    },
  })
}
