import type { Kdb } from '../db/db'
import type { TErrorCode } from '../../types/errors'
import { AppError } from './errors'

export interface TxOptions {
  /**
   * How many times to run it in all when PostgreSQL aborts it for losing a lock race (deadlock
   * 40P01, serialization 40001). Nothing of an aborted transaction was kept, so running it again
   * is safe. Default 1: no retry.
   */
  retries?: number
  /** What the caller is told when every attempt lost the race: a 409, never a 500. */
  conflictCode?: TErrorCode
}

const LOST_RACE = new Set(['40P01', '40001'])

/** PostgreSQL aborted it for losing a lock race (deadlock, serialization): running it again is safe. */
export function lostRace(error: unknown): boolean {
  return LOST_RACE.has((error as { code?: string } | null)?.code ?? '')
}

/** Runs `attempt` again after a lost lock race, up to `retries` runs; then `conflictCode`. */
export async function withRetry<T>(attempt: () => Promise<T>, options: TxOptions = {}): Promise<T> {
  const runs = Math.max(1, options.retries ?? 1)
  for (let run = 1; ; run++) {
    try {
      return await attempt()
    } catch (error) {
      if (!lostRace(error)) throw error
      if (run < runs) continue
      throw new AppError(options.conflictCode ?? 'CONFLICT')
    }
  }
}

/** One database transaction; a lost lock race is retried (options.retries) and then a 409. */
export function inTransaction<T>(db: Kdb, run: (tx: Kdb) => Promise<T>, options: TxOptions = {}): Promise<T> {
  return withRetry(() => db.transaction().execute(run), options)
}
