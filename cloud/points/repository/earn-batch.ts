import { sql } from 'kysely'
import type { Kdb } from '../../db/db'
import { newId } from '../../platform/ids'
import { groupCommitOn, inLockOrder } from '../../platform/group-commit'
import { withRetry } from '../../platform/tx'
import { SYSTEM_SLOTS, slotOf, systemAccountId } from '../../ledger'
import { executePrepared } from '../../db/prepared'

export interface EarnCall {
  earningId: string
  communityId: string
  userId: string
  rule: { id: string; name: string; points: number; daily_cap: number | null; monthly_cap: number | null }
  sourceType: string
  sourceId: string
  note: string
  review: boolean
  dayPeriod: string
  monthPeriod: string
  expiresOn: string
  now: Date
}

export interface EarnOutcome {
  earningId: string
  created: boolean
}

/**
 * Earns in one statement: the database function points_earn_batch records each earning once per
 * (source, rule), takes the caps, posts lot, journal, entries and the resident's balance, and lowers
 * the issuing account of `slot` once for the whole batch. Items go in person order (the lock order
 * every batch shares); the answers come back in the callers' order.
 */
export async function earnInOneStatement(db: Kdb, calls: readonly EarnCall[], slot: number): Promise<EarnOutcome[]> {
  const items = inLockOrder(
    calls.map((c, idx) => ({
      idx,
      earning_id: c.earningId,
      community_id: c.communityId,
      user_id: c.userId,
      rule_id: c.rule.id,
      rule_name: c.rule.name,
      rule_points: c.rule.points,
      daily_cap: c.rule.daily_cap,
      monthly_cap: c.rule.monthly_cap,
      source_type: c.sourceType,
      source_id: c.sourceId,
      note: c.note,
      review: c.review,
      day_period: c.dayPeriod,
      month_period: c.monthPeriod,
      expires_on: c.expiresOn,
      now: c.now.toISOString(),
      new_account_id: newId(),
      new_issuing_id: systemAccountId(),
      journal_id: newId(),
      lot_id: newId(),
    })),
    (i) => i.user_id,
    (i) => i.rule_id,
  )
  const r = await executePrepared(
    db,
    sql<{ out_idx: number; out_earning_id: string; out_created: boolean }>`
    SELECT out_idx, out_earning_id, out_created FROM points_earn_batch(${JSON.stringify(items)}::jsonb, ${slot}::smallint)`,
  )
  const answers: EarnOutcome[] = new Array(calls.length)
  for (const row of r.rows) answers[row.out_idx] = { earningId: row.out_earning_id, created: row.out_created }
  return answers
}

let nextSlot = 0

/** Earns outside a transaction, gathered per pool; a batch that fails otherwise than by a lost race goes item by item. */
const earnTogether = groupCommitOn<Kdb, EarnCall, EarnOutcome>(
  async (db, calls) => {
    const slot = nextSlot++ % SYSTEM_SLOTS
    try {
      return await withRetry(() => earnInOneStatement(db, calls, slot), { retries: 3 })
    } catch (error) {
      if (calls.length === 1) return [error as Error]
      return Promise.all(
        calls.map((c) =>
          withRetry(() => earnInOneStatement(db, [c], slot), { retries: 3 }).then(
            (a) => a[0],
            (e: Error) => e,
          ),
        ),
      )
    }
  },
  { inFlight: 2, maxBatch: 64 },
)

/**
 * One earn. Inside a caller's transaction it is a statement of that transaction. Outside one, it
 * joins the earns waiting for a connection (groupCommit): with 32 clients crediting at once a
 * statement carries a dozen or more earns and a commit is paid once for them. A batch that loses a
 * lock race is run again (nothing of it was kept); a batch that fails otherwise is run item by
 * item, so only the faulty earn fails.
 */
export function earnOne(db: Kdb, call: EarnCall): Promise<EarnOutcome> {
  if (db.isTransaction) return earnInOneStatement(db, [call], slotOf(call.userId)).then((a) => a[0])
  return earnTogether(db, call)
}
