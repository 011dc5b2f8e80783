import type { AppDeps } from '../platform/context'
import type { TReportDetail } from '../../types/reports'
import type { Actor } from '../org'
import { AppError } from '../platform/errors'
import { scheduleJob } from '../platform/jobs'
import { changeReport } from './change-report'
import { requireReportRole, WORKER_ROLES } from './reports.policy'
import { existingUploads } from './repository/uploads'
import { insertPhotos } from './repository/reports'
import { tellFollowers } from './report-notices'
import { autocloseJob } from './close-resolved-report'

/** Fixed: an "after" photo and a note; the reporter confirms within 7 days or it closes itself. */
export async function resolveReport(deps: AppDeps, actor: Actor, id: string, input: { note: string; photoKeys: string[] }): Promise<TReportDetail> {
  const keys = [...new Set(input.photoKeys)]
  return changeReport(deps, actor, id, 'resolve', {
    authorize: (r) => requireReportRole(actor, r, [...WORKER_ROLES, 'department_staff']),
    check: async () => {
      const found = await existingUploads(deps.db.kysely, keys)
      const missing = keys.filter((k) => !found.has(k))
      if (missing.length) throw new AppError('UPLOAD_NOT_FOUND', { photoKeys: missing })
    },
    change: (_r, now) => ({ to: 'resolved', set: { resolved_at: now, resolution_note: input.note }, reason: input.note }),
    after: async (tx, r, _c, now) => {
      await insertPhotos(tx, r.id, 'after', keys, actor.userId, now)
      await scheduleJob(tx, autocloseJob(r.id, now), now)
      await tellFollowers(tx, r, 'report.resolved', '随手拍已处理，请确认', `处理说明：${input.note}`, now)
    },
  })
}
