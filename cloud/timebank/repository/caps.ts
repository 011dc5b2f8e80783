import { sql } from 'kysely'
import type { Kdb } from '../../db/db'

/**
 * Takes up to `want` minutes from the volunteer's caps ('D:<day>' and 'L'), atomically: the upsert
 * locks the counter rows, so two credits of one volunteer queue here and never both pass a cap.
 */
export async function takeFromCaps(tx: Kdb, userId: string, want: number, caps: { period: string; cap: number }[]): Promise<{ grant: number; limitedBy: string[] }> {
  const periods = caps.map((c) => c.period).sort()
  const rows = await sql<{ period: string; minutes: number }>`
    INSERT INTO timebank_cap_counters (user_id, period, minutes)
    SELECT ${userId}, p, 0 FROM unnest(${periods}::text[]) AS p ORDER BY p
    ON CONFLICT (user_id, period) DO UPDATE SET minutes = timebank_cap_counters.minutes
    RETURNING period, minutes`.execute(tx)
  let grant = want
  const limitedBy: string[] = []
  for (const cap of caps) {
    const left = Math.max(0, cap.cap - (rows.rows.find((r) => r.period === cap.period)?.minutes ?? 0))
    if (left < want) limitedBy.push(cap.period)
    grant = Math.min(grant, left)
  }
  if (grant > 0) {
    await tx
      .updateTable('timebank_cap_counters')
      .set((eb) => ({ minutes: eb('minutes', '+', grant) }))
      .where('user_id', '=', userId)
      .where('period', 'in', periods)
      .execute()
  }
  return { grant, limitedBy }
}

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
