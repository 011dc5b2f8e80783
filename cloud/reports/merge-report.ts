import type { AppDeps } from '../platform/context'
import type { TReportDetail } from '../../types/reports'
import type { Actor } from '../org'
import { AppError } from '../platform/errors'
import { changeReport } from './change-report'
import { OPEN } from './report-state'
import { HANDLER_ROLES, requireReportRole } from './reports.policy'
import { addSupporter, supporterIds } from './repository/supporters'
import { insertEvent, lockReport } from './repository/reports'
import { tellFollowers } from './report-notices'

/**
 * A duplicate goes into the earlier report: its reporter and supporters become supporters of the
 * target and follow it from then on.
 */
export async function mergeReport(deps: AppDeps, actor: Actor, id: string, input: { targetId: string; reason?: string }): Promise<TReportDetail> {
  return changeReport(deps, actor, id, 'merge', {
    authorize: (r) => requireReportRole(actor, r, HANDLER_ROLES),
    check: (r) => {
      if (input.targetId === r.id) throw new AppError('MERGE_TARGET_INVALID')
    },
    change: () => ({ to: 'merged', set: { merged_into: input.targetId }, reason: input.reason ?? null, details: { targetId: input.targetId } }),
    after: async (tx, r, _c, now) => {
      const target = await lockReport(tx, input.targetId)
      if (!target || target.community_id !== r.community_id || target.category !== r.category || !OPEN.includes(target.status as never)) {
        throw new AppError('MERGE_TARGET_INVALID', { targetId: input.targetId })
      }
      const followers = new Set([r.reporter_id, ...(await supporterIds(tx, r.id))])
      followers.delete(target.reporter_id)
      for (const userId of followers) await addSupporter(tx, target.id, userId, now)
      await insertEvent(tx, {
        reportId: target.id,
        actorId: actor.userId,
        actorRole: 'system',
        action: 'support',
        from: null,
        to: null,
        level: target.level,
        reason: `合并了 ${r.number}`,
        details: { mergedFrom: r.id },
        now,
      })
      await tellFollowers(tx, r, 'report.merged', '随手拍已合并', `与更早上报的 ${target.number} 是同一个问题，已合并处理，您会收到它的进展`, now)
    },
  })
}
