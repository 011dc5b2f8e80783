import type { AppDeps } from '../platform/context'
import { inTransaction } from '../platform/tx'
import type { Actor } from '../org'
import { requireScope } from '../org'
import { AppError } from '../platform/errors'
import type { TServiceRequest, TSetVolunteersNeeded } from '../../types/timebank'
import { setVolunteersNeeded as setNeeded } from './repository/groups'
import { findRequest } from './repository/requests'
import { findRules } from './repository/rules'
import { TIMEBANK_STAFF_ROLES } from './timebank.policy'
import { toRequestView } from './timebank.mappers'

/** Staff set how many volunteers a request needs while it is being filled; never fewer than the places already taken. */
export async function setVolunteersNeeded(deps: AppDeps, actor: Actor, id: string, input: TSetVolunteersNeeded): Promise<TServiceRequest> {
  const db = deps.db.kysely
  const r = await findRequest(db, id)
  if (!r) throw new AppError('SERVICE_REQUEST_NOT_FOUND')
  requireScope(actor, TIMEBANK_STAFF_ROLES, r.community_path, 'SERVICE_REQUEST_NOT_FOUND')
  // a request still being filled: open, or a full group (raising its places reopens it)
  const fillable = r.status === 'open' || (r.status === 'accepted' && r.volunteers_needed > 1)
  if (!fillable || r.parent_id) throw new AppError('REQUEST_STATE_CONFLICT', { status: r.status, version: r.version })
  if (input.volunteersNeeded < r.places_taken || (input.volunteersNeeded === 1 && r.places_taken > 0)) {
    throw new AppError('PLACES_INVALID', { placesTaken: r.places_taken })
  }
  const now = deps.clock.now()
  const ok = await inTransaction(db, (tx) => setNeeded(tx, id, input.volunteersNeeded, now, input.version))
  if (!ok) {
    const current = await findRequest(db, id)
    throw new AppError('REQUEST_STATE_CONFLICT', { status: current?.status, version: current?.version })
  }
  const rules = await findRules(db, r.community_path)
  return toRequestView((await findRequest(db, id))!, rules.autoConfirmHours)
}
