import type { AppDeps } from '../platform/context'
import type { TReportDetail } from '../../types/reports'
import type { Actor } from '../org'
import { AppError } from '../platform/errors'
import { inTransaction } from '../platform/tx'
import { getReportView } from './get-report'
import { OPEN } from './report-state'
import { requireReporter } from './reports.policy'
import { bumpVersion, findReport, insertEvent, insertPhotos } from './repository/reports'
import { existingUploads } from './repository/uploads'

/** The reporter adds a word or a photo while the case is open (public on the timeline). */
export async function commentReport(deps: AppDeps, actor: Actor, id: string, input: { text: string; photoKeys: string[] }): Promise<TReportDetail> {
  const db = deps.db.kysely
  const now = deps.clock.now()
  const r = await findReport(db, id)
  requireReporter(actor, r)
  if (!OPEN.includes(r!.status as never)) throw new AppError('INVALID_STATE', { status: r!.status, action: 'comment' })
  const keys = [...new Set(input.photoKeys)]
  const found = await existingUploads(db, keys)
  if (keys.some((k) => !found.has(k))) throw new AppError('UPLOAD_NOT_FOUND')
  await inTransaction(
    db,
    async (tx) => {
      await bumpVersion(tx, id, { updated_at: now })
      await insertPhotos(tx, id, 'comment', keys, actor.userId, now)
      await insertEvent(tx, { reportId: id, actorId: actor.userId, actorRole: 'reporter', action: 'comment', from: null, to: null, level: r!.level, reason: input.text, now })
    },
    { conflictCode: 'REPORT_STATE_CONFLICT' },
  )
  return getReportView(deps, actor, id)
}
