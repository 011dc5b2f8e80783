import type { AppDeps } from '../platform/context'
import type { TMeResponse, TConsentKind } from '../../types/accounts'
import type { Actor } from '../org'
import { AppError } from '../platform/errors'
import { toUserView } from './accounts.mappers'
import { loadMe, loadSessionWithMe, type MeView } from './repository/identity'
import { POLICY_DOCUMENTS } from './policies'

/** `read`: the view already read with the session (GET /me); otherwise read here (after a change). */
export async function getMe(deps: AppDeps, actor: Actor, read?: MeView): Promise<TMeResponse> {
  const me = read ?? (await loadMe(deps.db.kysely, actor.userId))
  if (!me) throw new AppError('UNAUTHENTICATED')
  const { row, consents, familyLinks } = me
  // the privacy policy must be accepted (again, when its version changes) before anything else
  const pendingConsents: TConsentKind[] = consents.some((k) => k.kind === 'privacy' && k.version === POLICY_DOCUMENTS.privacy.version) ? [] : ['privacy']
  return {
    user: toUserView(row, actor, deps.clock.now()),
    roles: actor.roles.map((r) => ({ role: r.role, orgUnitId: r.orgUnitId, orgUnitName: r.orgUnitName })),
    familyLinks,
    consents,
    pendingConsents,
    unreadNotices: row.unread,
  }
}

/** GET /me reads the session and this view in one round trip (platform/session.ts authenticate). */
export const loadMeSession = loadSessionWithMe
