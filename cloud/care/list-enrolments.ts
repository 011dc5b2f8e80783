import type { AppDeps } from '../platform/context'
import { requireAnyRole, type Actor } from '../org'
import type { TEnrolment } from '../../types/care'
import { ALERT_ROLES, alertScopes } from './care.policy'
import { listAway, listEnrolmentsIn, toEnrolment } from './repository/enrolments'

/** 关爱登记 list: the enrolments under the caller's grids / communities, with upcoming away periods. */
export async function listEnrolments(deps: AppDeps, actor: Actor): Promise<{ items: TEnrolment[] }> {
  requireAnyRole(actor, ALERT_ROLES)
  const db = deps.db.kysely
  const rows = await listEnrolmentsIn(db, alertScopes(actor))
  const away = await listAway(
    db,
    rows.map((r) => r.id),
    deps.clock.now(),
  )
  return { items: rows.map((r) => toEnrolment(r, away)) }
}
