import type { AppDeps } from '../platform/context'
import type { TConsentKind } from '../../types/accounts'
import type { Actor } from '../org'
import { AppError } from '../platform/errors'
import { withdrawLiveConsent } from './repository/consents'

/** Withdrawing keeps the history (withdrawn_at), it never deletes. */
export async function withdrawConsent(deps: AppDeps, actor: Actor, kind: TConsentKind): Promise<void> {
  if (!(await withdrawLiveConsent(deps.db.kysely, actor.userId, kind, deps.clock.now()))) throw new AppError('NOT_FOUND', undefined, '没有可撤回的授权')
}
