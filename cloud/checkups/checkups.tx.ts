import type { Kdb } from '../db/db'
import { AppError } from '../platform/errors'

/**
 * A booking transaction. PostgreSQL may abort one of two transactions that wait on each other
 * (deadlock 40P01, serialization 40001): it is run again, since nothing of it was kept.
 */
export async function inTransaction<T>(db: Kdb, run: (tx: Kdb) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(run)
    } catch (error) {
      const code = (error as { code?: string } | null)?.code
      if ((code === '40P01' || code === '40001') && attempt < 5) continue
      if (code === '40P01' || code === '40001') throw new AppError('CONFLICT')
      throw error
    }
  }
}

/** The same for a single statement that is its own transaction (a booking in one statement). */
export async function withRetry<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run()
    } catch (error) {
      const code = (error as { code?: string } | null)?.code
      if ((code === '40P01' || code === '40001') && attempt < 5) continue
      if (code === '40P01' || code === '40001') throw new AppError('CONFLICT')
      throw error
    }
  }
}
