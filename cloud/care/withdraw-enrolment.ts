import type { AppDeps } from '../platform/context'
import type { Actor } from '../org'
import { AppError } from '../platform/errors'
import { addMinutes } from '../platform/clock'
import { recordActingFor } from '../platform/notices'
import { inTransaction } from '../platform/tx'
import type { TEnrolment } from '../../types/care'
import { PURGE_GRACE_DAYS } from './care.rules'
import { requireElderView } from './care.policy'
import { findEnrolment, toEnrolment } from './repository/enrolments'
import { addEvents } from './repository/alerts'

/**
 * Consent withdrawn (by the elder in the app, or by staff at the elder's request): collection stops at
 * once — the ingest keeps only meters with an active enrolment — open alerts are closed, and the
 * `care.purge` job deletes what was stored once the grace period is over.
 */
export async function withdrawEnrolment(deps: AppDeps, actor: Actor, enrolmentId: string): Promise<TEnrolment> {
  const db = deps.db.kysely
  const row = await findEnrolment(db, enrolmentId)
  if (!row) throw new AppError('NOT_FOUND')
  const who = await requireElderView(db, actor, row.elder_id, row)
  if (who === 'family') throw new AppError('NOT_FOUND')
  const now = deps.clock.now()
  await inTransaction(db, async (tx) => {
    const done = await tx
      .updateTable('care_enrolments')
      .set((eb) => ({ status: 'withdrawn', withdrawn_at: now, withdrawn_by: actor.userId, purge_after: addMinutes(now, PURGE_GRACE_DAYS * 24 * 60), version: eb('version', '+', 1) }))
      .where('id', '=', enrolmentId)
      .where('status', '=', 'active')
      .executeTakeFirst()
    if (Number(done.numUpdatedRows) !== 1) throw new AppError('INVALID_STATE')
    const closed = await tx
      .updateTable('care_alerts')
      .set({ status: 'closed', closed_at: now, closed_by: actor.userId, outcome: 'withdrawn', note: '老人撤回同意', escalate_at: null })
      .where('enrolment_id', '=', enrolmentId)
      .where('status', 'in', ['open', 'acknowledged'])
      .returning('id')
      .execute()
    await addEvents(
      tx,
      closed.map((a) => ({ alertId: a.id, action: 'closed' as const, actorId: actor.userId, note: '老人撤回同意，停止关爱' })),
      now,
    )
    await recordActingFor(tx, now, {
      actorId: actor.userId,
      subjectId: row.elder_id,
      action: 'care.withdrawn',
      details: { enrolmentId },
      notice: { kind: 'care.withdrawn', title: '已停止水表关爱', body: `已按您的意愿停止水表关爱，不再接收水表数据；已保存的用水记录将在 ${PURGE_GRACE_DAYS} 天后删除。` },
    })
  })
  return toEnrolment((await findEnrolment(db, enrolmentId))!, [])
}
