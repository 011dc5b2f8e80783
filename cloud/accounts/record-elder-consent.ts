import type { AppDeps } from '../platform/context'
import type { TGiveConsentRequest } from '../../types/accounts'
import { COUNTER_ROLES, requireScope, type Actor } from '../org'
import { recordActingFor } from '../platform/notices'
import { AppError } from '../platform/errors'
import { getElderView } from './repository/people'
import { recordConsent } from './give-consent'

/** Staff record an elder's consent at the counter (e.g. health data before a phone booking). */
export async function recordElderConsent(deps: AppDeps, actor: Actor, elderId: string, input: TGiveConsentRequest): Promise<void> {
  const now = deps.clock.now()
  const elder = await getElderView(deps.db.kysely, elderId, now)
  requireScope(actor, COUNTER_ROLES, elder?.communityPath ?? null, 'USER_NOT_FOUND')
  if (!elder) throw new AppError('USER_NOT_FOUND')
  await deps.db.kysely.transaction().execute(async (tx) => {
    await recordConsent(tx, now, elderId, input, actor.userId)
    await recordActingFor(tx, now, {
      actorId: actor.userId,
      subjectId: elderId,
      action: 'consent.recorded',
      details: { kind: input.kind, version: input.version },
      notice: {
        kind: 'consent',
        title: '工作人员代为登记了授权',
        body: `${actor.name}在社区窗口为您登记了「${input.kind === 'health' ? '健康信息' : input.kind === 'location' ? '位置信息' : '隐私政策'}」授权，如有疑问请联系社区。`,
      },
    })
  })
}
