import type { Updateable } from 'kysely'
import type { AppDeps } from '../platform/context'
import type { Kdb } from '../db/db'
import type { ReportsTable } from '../db/schema'
import type { TReportStatus, TReportDetail } from '../../types/reports'
import type { Actor } from '../org'
import { AppError } from '../platform/errors'
import { inTransaction } from '../platform/tx'
import { assertTransition, TRANSITIONS, type TTransition } from './report-state'
import { currentStatus, findReport, insertEvent, transitionReport, type ReportWithNames } from './repository/reports'
import { getReportView } from './get-report'

export interface Change {
  to: TReportStatus
  set?: Updateable<ReportsTable>
  reason?: string | null
  details?: Record<string, unknown>
}

/**
 * The shared path of every state change: access (`authorize`, first), the state machine, extra rules,
 * then one transaction with the versioned update, the timeline event and the side effects
 * (`after`: notices, outbox, jobs). A lost race is 409 with the state the winner left.
 */
export async function changeReport(
  deps: AppDeps,
  actor: Actor,
  id: string,
  action: TTransition,
  spec: {
    authorize(report: ReportWithNames | undefined): { role: string }
    check?(report: ReportWithNames, now: Date): Promise<void> | void
    change(report: ReportWithNames, now: Date): Change
    after?(tx: Kdb, report: ReportWithNames, change: Change, now: Date): Promise<void>
    /** The version the caller saw (bulk actions from the queue): a report changed since is a conflict. */
    expectedVersion?: number
  },
): Promise<TReportDetail> {
  const db = deps.db.kysely
  const now = deps.clock.now()
  const report = await findReport(db, id)
  const { role } = spec.authorize(report)
  const r = report!
  if (spec.expectedVersion !== undefined && spec.expectedVersion !== r.version) throw new AppError('REPORT_STATE_CONFLICT', { status: r.status, version: r.version })
  assertTransition(action, r.status)
  await spec.check?.(r, now)
  const change = spec.change(r, now)
  if (!(TRANSITIONS[action].to as readonly string[]).includes(change.to)) throw new Error(`${action} cannot lead to ${change.to}`)
  await inTransaction(
    db,
    async (tx) => {
      const won = await transitionReport(tx, r.id, r.version, TRANSITIONS[action].from, { ...change.set, status: change.to, updated_at: now })
      if (!won) throw new AppError('REPORT_STATE_CONFLICT', { status: (await currentStatus(tx, r.id)) ?? r.status })
      await insertEvent(tx, {
        reportId: r.id,
        actorId: actor.userId,
        actorRole: role,
        action,
        from: r.status,
        to: change.to,
        level: (change.set?.level as string | undefined) ?? r.level,
        reason: change.reason ?? null,
        details: change.details,
        now,
      })
      await spec.after?.(tx, r, change, now)
    },
    { conflictCode: 'REPORT_STATE_CONFLICT' },
  )
  return getReportView(deps, actor, r.id)
}
