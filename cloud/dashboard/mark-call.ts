import type { AppDeps } from '../platform/context'
import type { Actor } from '../org'
import type { TMarkCall } from '../../types/dashboard'
import { AppError } from '../platform/errors'
import { newId } from '../platform/ids'
import { insertCallMark, isUnbooked } from './repository/lists'
import { campaignInScope } from './list-unbooked-elders'

/** The call list is a work list: "called — declined / will book / unreachable" is kept with who and when. */
export async function markCall(deps: AppDeps, actor: Actor, elderId: string, input: TMarkCall): Promise<{ ok: true }> {
  const campaign = await campaignInScope(deps, actor, input.campaignId)
  const db = deps.db.kysely
  if (!(await isUnbooked(db, campaign.id, elderId))) throw new AppError('NOT_FOUND')
  await insertCallMark(db, { id: newId(), campaignId: campaign.id, elderId, outcome: input.outcome, note: input.note, by: actor.userId, now: deps.clock.now() })
  return { ok: true }
}
