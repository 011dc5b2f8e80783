import type { JobContext } from '../platform/jobs'
import { findRedemption } from './points.repository'
import { releaseHold } from './cancel-redemption'

/** Job 'points.release_hold': a hold not redeemed by its date goes back. Idempotent: a closed hold is left alone. */
export async function releaseExpiredHold({ db, now, payload }: JobContext): Promise<void> {
  const r = await findRedemption(db, String(payload.redemptionId))
  if (!r || r.status !== 'held' || new Date(r.hold_until) > now) return
  await db.transaction().execute((tx) => releaseHold(tx, r, 'released', now, null))
}
