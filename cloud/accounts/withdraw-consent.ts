import type { AppDeps } from '../platform/context'
import type { TConsentKind } from '../../types/accounts'
import type { Actor } from '../org'
import { AppError } from '../platform/errors'

/** Withdrawing keeps the history (withdrawn_at), it never deletes. */
export async function withdrawConsent(deps: AppDeps, actor: Actor, kind: TConsentKind): Promise<void> {
  const result = await deps.db.kysely
    .updateTable('consents')
    .set({ withdrawn_at: deps.clock.now() })
    .where('user_id', '=', actor.userId)
    .where('kind', '=', kind)
    .where('withdrawn_at', 'is', null)
    .executeTakeFirst()
  if (Number(result.numUpdatedRows) === 0) throw new AppError('NOT_FOUND', undefined, '没有可撤回的授权')
}
