import type { AppDeps } from '../platform/context'
import type { TReportDetail } from '../../types/reports'
import type { Actor } from '../org'
import { addMinutes } from '../platform/clock'
import { AppError } from '../platform/errors'
import { scheduleJob } from '../platform/jobs'
import { notify } from '../platform/notices'
import { changeReport } from './change-report'
import { REOPEN_WINDOW_MINUTES } from './report-state'
import { requireReporter } from './reports.policy'
import { existingUploads } from './repository/uploads'
import { insertPhotos } from './repository/reports'
import { staffAt } from './repository/routing'
import { escalationJob } from './escalate-overdue-report'

/**
 * Not fixed after all: within 7 days of the resolution the reporter reopens with a reason (and a
 * photo). It goes back to the same handler and counts against the original deadline.
 */
export async function reopenReport(deps: AppDeps, actor: Actor, id: string, input: { reason: string; photoKeys: string[] }): Promise<TReportDetail> {
  const keys = [...new Set(input.photoKeys)]
  return changeReport(deps, actor, id, 'reopen', {
    authorize: (r) => {
      requireReporter(actor, r)
      return { role: 'reporter' }
    },
    check: async (r, now) => {
      if (!r.resolved_at || now.getTime() - new Date(r.resolved_at).getTime() > REOPEN_WINDOW_MINUTES * 60_000) throw new AppError('REOPEN_WINDOW_PASSED')
      const found = await existingUploads(deps.db.kysely, keys)
      if (keys.some((k) => !found.has(k))) throw new AppError('UPLOAD_NOT_FOUND')
    },
    change: (r) => ({ to: 'reopened', set: { reopen_count: r.reopen_count + 1, closed_at: null, rating: null, rating_comment: null }, reason: input.reason }),
    after: async (tx, r, _c, now) => {
      await insertPhotos(tx, r.id, 'reopen', keys, actor.userId, now)
      const due = addMinutes(new Date(r.deadline_at), r.escalations * r.limit_minutes)
      await scheduleJob(tx, escalationJob(r.id, r.escalations, due.getTime() > now.getTime() ? due : now, `:reopen${r.reopen_count + 1}`), now)
      const handlers = r.assignee_id ? [r.assignee_id] : r.department_id ? await staffAt(tx, r.department_id, ['department_staff']) : await staffAt(tx, r.grid_id, ['grid_worker'])
      for (const userId of handlers)
        await notify(tx, now, { userId, kind: 'report.reopened', title: '居民认为问题没有解决', body: `${r.number}：${input.reason}`, link: `/packages/staff/reports/detail/index?id=${r.id}` })
    },
  })
}
