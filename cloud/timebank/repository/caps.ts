import { sql } from 'kysely'
import type { Kdb } from '../../db/db'

/** Gives minutes back to the caps (a reversed credit). */
export async function giveBackToCaps(tx: Kdb, userId: string, minutes: number, periods: string[]): Promise<void> {
  await tx
    .updateTable('timebank_cap_counters')
    .set((eb) => ({ minutes: sql<number>`GREATEST(0, ${eb.ref('minutes')} - ${minutes})` }))
    .where('user_id', '=', userId)
    .where('period', 'in', periods)
    .execute()
}

export async function capCounters(db: Kdb, userId: string, periods: string[]): Promise<Record<string, number>> {
  const rows = await db.selectFrom('timebank_cap_counters').select(['period', 'minutes']).where('user_id', '=', userId).where('period', 'in', periods).execute()
  return Object.fromEntries(rows.map((r) => [r.period, r.minutes]))
}
