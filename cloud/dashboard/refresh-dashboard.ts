import type { Kdb } from '../db/db'
import { businessDate } from '../platform/clock'
import { inTransaction } from '../platform/tx'
import { addDays, daysBetween } from './dashboard.dates'
import { firstActivityDay, materialisedThrough, storeDays } from './repository/daily'

const CHUNK_DAYS = 31

/**
 * Materialises every finished day not yet stored (up to yesterday, Shanghai), a month per
 * transaction; the dashboard counts later days live. Returns the days stored.
 */
export async function refreshDashboard(db: Kdb, now: Date): Promise<number> {
  const yesterday = addDays(businessDate(now), -1)
  const through = await materialisedThrough(db)
  let from = through ? addDays(through, 1) : await firstActivityDay(db)
  if (!from) return 0
  let stored = 0
  while (from <= yesterday) {
    const chunkEnd = addDays(from, CHUNK_DAYS - 1)
    const to = chunkEnd < yesterday ? chunkEnd : yesterday
    await inTransaction(db, (tx) => storeDays(tx, from!, to, now))
    stored += daysBetween(from, to)
    from = addDays(to, 1)
  }
  return stored
}
