import type { AppDeps } from '../platform/context'
import type { TGiveConsentRequest } from '../../types/accounts'
import type { Actor } from '../org'
import { AppError } from '../platform/errors'
import type { Kdb } from '../db/db'
import { POLICY_DOCUMENTS } from './policies'
import { replaceConsent } from './repository/consents'

/** Records a consent to the current version of a document; an older live consent is superseded. */
export async function recordConsent(tx: Kdb, now: Date, subjectId: string, input: TGiveConsentRequest, recordedBy: string | null): Promise<void> {
  const current = POLICY_DOCUMENTS[input.kind].version
  if (input.version !== current) throw new AppError('CONFLICT', { currentVersion: current }, `请阅读并同意最新版本（${current}）`)
  await replaceConsent(tx, { userId: subjectId, kind: input.kind, version: input.version, now, recordedBy })
}

export async function giveConsent(deps: AppDeps, actor: Actor, input: TGiveConsentRequest): Promise<void> {
  await deps.db.kysely.transaction().execute((tx) => recordConsent(tx, deps.clock.now(), actor.userId, input, null))
}
