import type { AppDeps } from '../app'
import type { TMeResponse, TConsentKind } from '../../types/accounts'
import type { Actor } from '../org/org.policy'
import { AppError } from '../platform/errors'
import { countUnreadNotices, getUserView, listConsents } from './accounts.repository'
import { listLinksOf } from '../family/family.repository'
import { POLICY_DOCUMENTS } from './policies'

export async function getMe(deps: AppDeps, actor: Actor): Promise<TMeResponse> {
  const db = deps.db.kysely
  const now = deps.clock.now()
  const [user, consents, familyLinks, unreadNotices] = await Promise.all([
    getUserView(db, actor.userId, now),
    listConsents(db, actor.userId),
    listLinksOf(db, actor.userId),
    countUnreadNotices(db, actor.userId),
  ])
  if (!user) throw new AppError('UNAUTHENTICATED')
  // the privacy policy must be accepted (again, when its version changes) before anything else
  const pendingConsents: TConsentKind[] = consents.some((k) => k.kind === 'privacy' && k.version === POLICY_DOCUMENTS.privacy.version)
    ? []
    : ['privacy']
  return {
    user,
    roles: actor.roles.map((r) => ({ role: r.role, orgUnitId: r.orgUnitId, orgUnitName: r.orgUnitName })),
    familyLinks,
    consents,
    pendingConsents,
    unreadNotices,
  }
}
