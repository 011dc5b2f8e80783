import type { AppDeps } from '../platform/context'
import type { TReportDetail } from '../../types/reports'
import type { Actor } from '../org'
import { AppError } from '../platform/errors'
import { notify } from '../platform/notices'
import { changeReport } from './change-report'
import { COORDINATOR_ROLES, requireReportRole } from './reports.policy'
import { findDepartment, staffAt } from './repository/routing'

/** 部门报到: the case is sent to a department of the street (城管, 水务 …), which starts and resolves it. */
export async function dispatchReport(deps: AppDeps, actor: Actor, id: string, input: { departmentId: string; reason?: string }): Promise<TReportDetail> {
  return changeReport(deps, actor, id, 'dispatch', {
    authorize: (r) => requireReportRole(actor, r, COORDINATOR_ROLES),
    check: async (r) => {
      if (!(await findDepartment(deps.db.kysely, input.departmentId, r.street_id))) throw new AppError('DEPARTMENT_INVALID')
    },
    change: (r) => ({
      to: 'dispatched',
      set: { department_id: input.departmentId, dispatched_from: r.level, assignee_id: null },
      reason: input.reason ?? null,
      details: { departmentId: input.departmentId },
    }),
    after: async (tx, r, _c, now) => {
      for (const userId of await staffAt(tx, input.departmentId, ['department_staff'])) {
        await notify(tx, now, {
          userId,
          kind: 'report.dispatched',
          title: '有一条随手拍派给贵部门',
          body: `${r.number}：${r.description.slice(0, 40)}`,
          link: `/packages/staff/reports/detail/index?id=${r.id}`,
        })
      }
    },
  })
}
