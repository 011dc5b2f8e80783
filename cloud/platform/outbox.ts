import { sql } from 'kysely'
import type { Kdb } from '../db/db'
import { addMinutes } from './clock'
import type { Logger } from './logger'
import type { Notifier } from './notices'

/** An in-process consumer of an outbox topic: the same shape as a job handler (platform/jobs.ts). */
export type OutboxSubscriber = (ctx: { db: Kdb; now: Date; payload: Record<string, unknown> }) => Promise<void>

const MAX_ATTEMPTS = 5
const BATCH = 50
/** A deliverer that died holding rows gives them back after this long. */
const LEASE_MINUTES = 5

/**
 * Delivers what is due in the outbox: rows are claimed in batches with FOR UPDATE SKIP LOCKED
 * and a lease, so any number of concurrent deliverers (ticks on several instances, the delivery
 * right after a commit) hand each row out once; a deliverer that fell behind keeps claiming
 * batches until nothing is due. Delivery is at-least-once (a crash between delivering and marking
 * re-delivers after the lease): every subscriber is idempotent.
 */
export async function runOutbox(
  deps: { db: Kdb; notifier: Notifier; logger: Logger },
  subscribers: Record<string, OutboxSubscriber>,
  now: Date,
  options: { maxBatches?: number } = {},
): Promise<number> {
  let delivered = 0
  const maxBatches = options.maxBatches ?? 1000
  for (let batch = 0; batch < maxBatches; batch++) {
    const claimed = await sql<{ id: string; topic: string; payload: Record<string, unknown>; attempts: number }>`
      UPDATE outbox SET locked_until = ${addMinutes(now, LEASE_MINUTES)}
      WHERE id IN (
        SELECT id FROM outbox
        WHERE delivered_at IS NULL AND attempts < ${MAX_ATTEMPTS}
          AND (locked_until IS NULL OR locked_until <= ${now})
        ORDER BY created_at LIMIT ${BATCH}
        FOR UPDATE SKIP LOCKED)
      RETURNING id, topic, payload, attempts`.execute(deps.db)
    for (const row of claimed.rows) {
      try {
        const subscriber = subscribers[row.topic]
        if (subscriber) await subscriber({ db: deps.db, now, payload: row.payload })
        else await deps.notifier.deliver(row.topic, row.payload)
        await deps.db.updateTable('outbox').set({ delivered_at: now, locked_until: null }).where('id', '=', row.id).execute()
        delivered++
      } catch (error) {
        deps.logger.warn({ err: error, outboxId: row.id, topic: row.topic }, 'outbox delivery failed')
        // back-off: not again in this run, 2, 4, 8 … minutes later
        await deps.db
          .updateTable('outbox')
          .set((eb) => ({
            attempts: eb('attempts', '+', 1),
            last_error: String((error as Error).message ?? error).slice(0, 500),
            locked_until: addMinutes(now, 2 ** (row.attempts + 1)),
          }))
          .where('id', '=', row.id)
          .execute()
      }
    }
    if (claimed.rows.length < BATCH) break
  }
  return delivered
}

export interface OutboxDispatcher {
  /** Something may have been written to the outbox: deliver it soon, in this process. */
  kick(): void
  /** Resolves when no delivery is running or queued (the cloud entry awaits it before answering). */
  idle(): Promise<void>
}

/**
 * Runs `deliver` after a request that may have written outbox rows, one run at a time: a kick
 * during a run schedules one more run after it, so nothing written meanwhile waits for the tick.
 */
export function outboxDispatcher(deliver: () => Promise<unknown>, logger: Logger): OutboxDispatcher {
  let running: Promise<void> | null = null
  let again = false
  const run = (): Promise<void> =>
    (running ??= (async () => {
      try {
        do {
          again = false
          await deliver().catch((err) => logger.warn({ err }, 'outbox delivery after commit failed; the tick will retry'))
        } while (again)
      } finally {
        running = null
      }
    })())
  return {
    kick() {
      if (running) again = true
      else void run()
    },
    idle: async () => {
      while (running) await running
    },
  }
}
