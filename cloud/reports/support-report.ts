import type { AppDeps } from '../platform/context'
import type { TReportDetail } from '../../types/reports'
import type { Actor } from '../org'
import { AppError } from '../platform/errors'
import { inTransaction } from '../platform/tx'
import { getReportView } from './get-report'
import { OPEN } from './report-state'
import { addSupporter } from './repository/supporters'
import { insertEvent, lockReport } from './repository/reports'

/** "我也遇到": a neighbour seeing the same problem joins the report instead of filing a duplicate. */
export async function supportReport(deps: AppDeps, actor: Actor, id: string): Promise<TReportDetail> {
  const now = deps.clock.now()
  await inTransaction(
    deps.db.kysely,
    async (tx) => {
      const r = await lockReport(tx, id)
      if (!r) throw new AppError('REPORT_NOT_FOUND')
      if (!OPEN.includes(r.status as never)) throw new AppError('INVALID_STATE', { status: r.status, action: 'support' })
      if (r.reporter_id === actor.userId) throw new AppError('ALREADY_SUPPORTED', undefined, '这是您自己上报的问题')
      if (!(await addSupporter(tx, id, actor.userId, now))) throw new AppError('ALREADY_SUPPORTED')
      await insertEvent(tx, { reportId: id, actorId: actor.userId, actorRole: 'resident', action: 'support', from: null, to: null, level: r.level, now })
    },
    { conflictCode: 'REPORT_STATE_CONFLICT' },
  )
  return getReportView(deps, actor, id)
}
