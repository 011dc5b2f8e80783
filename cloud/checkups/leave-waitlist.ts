import type { AppDeps } from '../platform/context'
import type { TWaitlistEntry } from '../../types/checkups'
import type { Actor } from '../org'
import { AppError } from '../platform/errors'
import { actingFor } from './checkups.policy'
import { findPerson } from './repository/elders'
import { closeOffer, findWaitEntry, withdrawWaitEntry } from './repository/waitlist'
import { inTransaction } from '../platform/tx'
import { releasePlace } from './release-place'

/** Leaves the line, or turns down an offer: the held place goes to the next in line at once. */
export async function leaveWaitlist(deps: AppDeps, actor: Actor, waitlistId: string): Promise<TWaitlistEntry> {
  const db = deps.db.kysely
  const found = await findWaitEntry(db, waitlistId)
  if (!found) throw new AppError('WAITLIST_NOT_FOUND')
  await actingFor(db, actor, await findPerson(db, found.row.elder_id)).catch(() => {
    throw new AppError('WAITLIST_NOT_FOUND')
  })
  const now = deps.clock.now()
  await inTransaction(
    db,
    async (tx) => {
      if (found.row.status === 'offered') {
        const offer = await closeOffer(tx, waitlistId, now, 'expired')
        if (!offer) throw new AppError('INVALID_STATE')
        await releasePlace(tx, offer.session_id, now)
      } else if (!(await withdrawWaitEntry(tx, waitlistId, now))) {
        throw new AppError('INVALID_STATE', { status: found.row.status })
      }
    },
    { retries: 5 },
  )
  return (await findWaitEntry(db, waitlistId))!.entry
}
