import type { AppDeps } from '../platform/context'
import type { Actor } from '../org'
import { AppError } from '../platform/errors'
import type { TServiceRequest } from '../../types/timebank'
import { listPlaces } from './repository/groups'
import { findRequest } from './repository/requests'
import { findRules } from './repository/rules'
import { requireSeen, standingOf } from './timebank.policy'
import { toRequestView } from './timebank.mappers'

/** One request, for the elder, the requester, family, the volunteer, staff in scope, or a candidate volunteer. */
export async function getRequest(deps: AppDeps, actor: Actor, id: string): Promise<TServiceRequest> {
  const db = deps.db.kysely
  const r = await findRequest(db, id)
  if (!r) throw new AppError('SERVICE_REQUEST_NOT_FOUND')
  requireSeen(await standingOf(db, actor, r))
  const rules = await findRules(db, r.community_path)
  const view = toRequestView(r, rules.autoConfirmHours)
  // a group shows who took its places (each place is confirmed on its own)
  if (r.volunteers_needed > 1) view.places = (await listPlaces(db, id)).map((p) => toRequestView(p, rules.autoConfirmHours))
  return view
}
