import type { JobContext } from '../platform/jobs'
import { inTransaction } from '../platform/tx'
import { findRedemption } from './repository/redemptions'
import { releaseHold } from './cancel-redemption'

/** Job 'points.release_hold': a hold not redeemed by its date goes back. Idempotent: a closed hold is left alone. */
export async function releaseExpiredHold({ db, now, payload }: JobContext): Promise<void> {
  const r = await findRedemption(db, String(payload.redemptionId))
  if (!r || r.status !== 'held' || new Date(r.hold_until) > now) return
  await inTransaction(db, (tx) => releaseHold(tx, r, 'released', now, null))
}
