import type { AppDeps } from '../platform/context'
import type { Kdb } from '../db/db'
import { addMinutes, businessDate, shanghaiTime } from '../platform/clock'
import { scheduleJob, type JobHandler } from '../platform/jobs'
import { HOURLY_RETENTION_DAYS, RAW_RETENTION_DAYS } from './care.rules'
import { rebuildBaselines } from './repository/baselines'
import { dropOldReadings, purgeMeters } from './repository/readings'
import { evaluateRules } from './evaluate-rules'
import { escalateAlerts } from './escalate-alerts'

/** Nightly: the usual day of every meter (03:00), then retention and purges after withdrawal (03:30). */
export async function scheduleCareJobs(db: Kdb, now: Date): Promise<void> {
  const today = businessDate(now)
  await scheduleJob(db, { kind: 'care.baseline', runAt: shanghaiTime(today, '03:00'), dedupeKey: `care.baseline:${today}` }, now)
  await scheduleJob(db, { kind: 'care.retention', runAt: shanghaiTime(today, '03:30'), dedupeKey: `care.retention:${today}` }, now)
}

/** Deletes the readings of enrolments whose consent was withdrawn and whose grace period is over. */
export async function purgeWithdrawn(db: Kdb, now: Date): Promise<number> {
  const due = await db.selectFrom('care_enrolments').select(['id', 'meter_id']).where('status', '=', 'withdrawn').where('purged_at', 'is', null).where('purge_after', '<=', now).execute()
  if (!due.length) return 0
  const removed = await purgeMeters(
    db,
    due.map((d) => d.meter_id),
  )
  await db
    .updateTable('care_enrolments')
    .set({ purged_at: now })
    .where(
      'id',
      'in',
      due.map((d) => d.id),
    )
    .execute()
  return removed
}

export const careJobHandlers: Record<string, JobHandler> = {
  'care.baseline': async ({ db, now }) => {
    await rebuildBaselines(db, now)
  },
  'care.retention': async ({ db, now }) => {
    await dropOldReadings(db, addMinutes(now, -RAW_RETENTION_DAYS * 24 * 60), addMinutes(now, -HOURLY_RETENTION_DAYS * 24 * 60))
    await purgeWithdrawn(db, now)
  },
}

/**
 * The care part of every tick: schedule the nightly jobs, evaluate every rule over all enrolled
 * meters, climb the ladder for what nobody acknowledged. A failure is logged and does not stop the
 * rest of the tick (the next minute tries again).
 */
export async function runCareTick(deps: AppDeps, now: Date): Promise<{ raised: number; escalated: number }> {
  try {
    await scheduleCareJobs(deps.db.kysely, now)
    const raised = await evaluateRules(deps, now)
    const escalated = await escalateAlerts(deps.db.kysely, now)
    return { raised: raised.length, escalated: escalated.length }
  } catch (error) {
    deps.logger.error({ err: error }, 'care tick failed')
    return { raised: 0, escalated: 0 }
  }
}
