import type { AppDeps } from '../app'
import type { Actor } from '../org/org.policy'
import { AppError } from '../platform/errors'
import type { TServiceRequest } from '../../types/timebank'
import { findRequest, findRules } from './timebank.repository'
import { requireSeen, standingOf } from './timebank.policy'
import { toRequestView } from './timebank.view'

/** One request, for the elder, the requester, family, the volunteer, staff in scope, or a candidate volunteer. */
export async function getRequest(deps: AppDeps, actor: Actor, id: string): Promise<TServiceRequest> {
  const db = deps.db.kysely
  const r = await findRequest(db, id)
  if (!r) throw new AppError('SERVICE_REQUEST_NOT_FOUND')
  requireSeen(await standingOf(db, actor, r))
  const rules = await findRules(db, r.community_path)
  return toRequestView(r, rules.autoConfirmHours)
}
