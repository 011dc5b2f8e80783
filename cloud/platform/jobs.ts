import { sql } from 'kysely'
import type { Kdb } from '../db/db'
import { addMinutes } from './clock'
import { newId } from './ids'
import type { Notifier } from './notices'
import type { Logger } from './logger'
import { runOutbox, type OutboxSubscriber } from './outbox'

export interface JobContext {
  db: Kdb
  now: Date
  payload: Record<string, unknown>
}
export type JobHandler = (ctx: JobContext) => Promise<void>
/** An in-process consumer of an outbox topic (another domain); runs instead of the notifier. */
export type { OutboxSubscriber } from './outbox'

/** Schedules a job once per dedupe key (the same business event never schedules twice). */
export async function scheduleJob(tx: Kdb, job: { kind: string; runAt: Date; payload?: Record<string, unknown>; dedupeKey?: string }, now: Date): Promise<void> {
  await tx
    .insertInto('jobs')
    .values({
      id: newId(),
      kind: job.kind,
      run_at: job.runAt,
      payload: JSON.stringify(job.payload ?? {}),
      dedupe_key: job.dedupeKey ?? null,
      created_at: now,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .execute()
}

export interface TickResult {
  jobsRun: number
  jobsFailed: number
  outboxDelivered: number
}

const MAX_ATTEMPTS = 5
const BATCH = 50
const MAX_BATCHES = 20
const BUDGET_MS = 20_000

/**
 * Runs what is due at `now`: jobs (claimed with SKIP LOCKED so two ticks never run one job),
 * then outbox delivery. Called every minute by the node entry and by the cloud timer trigger;
 * tests call it with a chosen time.
 */
export async function runTick(
  deps: { db: Kdb; notifier: Notifier; logger: Logger },
  handlers: Record<string, JobHandler>,
  now: Date,
  subscribers: Record<string, OutboxSubscriber> = {},
): Promise<TickResult> {
  const result: TickResult = { jobsRun: 0, jobsFailed: 0, outboxDelivered: 0 }
  // batch after batch while jobs are due (a day's worth after a pause, or many domains' jobs at one
  // minute), within a time budget that leaves a cloud timer trigger room for the outbox
  const started = performance.now()
  for (let round = 0; round < MAX_BATCHES && performance.now() - started < BUDGET_MS; round++) {
    const claimed = await sql<{ id: string; kind: string; payload: Record<string, unknown>; attempts: number }>`
      UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_until = ${addMinutes(now, 5)}
      WHERE id IN (
        SELECT id FROM jobs
        WHERE run_at <= ${now}
          AND (status = 'pending' OR (status = 'running' AND locked_until < ${now}))
        ORDER BY run_at LIMIT ${BATCH}
        FOR UPDATE SKIP LOCKED)
      RETURNING id, kind, payload, attempts`.execute(deps.db)
    for (const job of claimed.rows) {
      const handler = handlers[job.kind]
      try {
        if (!handler) throw new Error(`no handler for job kind ${job.kind}`)
        await handler({ db: deps.db, now, payload: job.payload })
        await deps.db.updateTable('jobs').set({ status: 'done', done_at: now, locked_until: null }).where('id', '=', job.id).execute()
        result.jobsRun++
      } catch (error) {
        result.jobsFailed++
        deps.logger.error({ err: error, jobId: job.id, kind: job.kind }, 'job failed')
        // retry with back-off; give up after MAX_ATTEMPTS and leave it for staff to see
        await deps.db
          .updateTable('jobs')
          .set({
            status: job.attempts >= MAX_ATTEMPTS ? 'failed' : 'pending',
            run_at: addMinutes(now, 2 ** job.attempts),
            last_error: String((error as Error).message ?? error).slice(0, 500),
            locked_until: null,
          })
          .where('id', '=', job.id)
          .execute()
      }
    }
    if (claimed.rows.length < BATCH) break
  }
  result.outboxDelivered = await runOutbox(deps, subscribers, now)
  return result
}
