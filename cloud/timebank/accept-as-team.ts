import type { Kdb } from '../db/db'
import { AppError, isUniqueViolation } from '../platform/errors'
import { inTransaction } from '../platform/tx'
import type { TServiceRequest } from '../../types/timebank'
import { findRequest, listOpenRequests, type RequestRow } from './repository/requests'
import { findRules } from './repository/rules'
import { requireVolunteer } from './timebank.policy'
import { takeService } from './accept-request'
import { toRequestView } from './timebank.mappers'

/**
 * A team (an organisation's members) takes places of one open request, all or none, in one transaction:
 * every volunteer passes the time bank's own rules (verified volunteer of the request's community, old
 * enough, never the elder) and each place is the same guarded UPDATE a volunteer's accept runs, so a
 * request never gets more volunteers than it needs. A request outside `withinPath` does not exist (404).
 * `after` runs in the transaction (audit, notices). Returns each volunteer's service row.
 */
export async function acceptAsTeam(db: Kdb, id: string, volunteerIds: string[], withinPath: string, now: Date, after: (tx: Kdb, r: RequestRow) => Promise<void>): Promise<TServiceRequest[]> {
  const r = await findRequest(db, id)
  if (!r || !r.community_path.startsWith(withinPath) || r.parent_id) throw new AppError('SERVICE_REQUEST_NOT_FOUND')
  const rules = await findRules(db, r.community_path)
  for (const volunteerId of volunteerIds) {
    if (volunteerId === r.elder_id || volunteerId === r.requested_by) throw new AppError('CANNOT_SERVE_SELF', { userId: volunteerId })
    try {
      await requireVolunteer(db, volunteerId, r.community_path, rules, now)
    } catch (error) {
      if (error instanceof AppError) throw new AppError(error.code, { ...error.details, userId: volunteerId })
      throw error
    }
  }
  const left = r.status === 'open' ? r.volunteers_needed - r.places_taken : 0
  if (r.status === 'open' && volunteerIds.length > left) {
    throw new AppError('REQUEST_PLACES_FULL', { status: r.status, placesTaken: r.places_taken, volunteersNeeded: r.volunteers_needed, asked: volunteerIds.length })
  }
  let serviceIds: string[]
  try {
    serviceIds = await inTransaction(db, async (tx) => {
      const ids: string[] = []
      for (const volunteerId of volunteerIds) ids.push(await takeService(tx, id, r.volunteers_needed, volunteerId, now))
      await after(tx, r)
      return ids
    })
  } catch (error) {
    if (isUniqueViolation(error, 'timebank_requests_one_place_each')) throw new AppError('ALREADY_JOINED')
    throw error
  }
  return Promise.all(serviceIds.map(async (sid) => toRequestView((await findRequest(db, sid))!, rules.autoConfirmHours)))
}

/** Open requests of a community not yet started, soonest first: what a team may take. */
export async function listOpenForTeam(db: Kdb, communityId: string, now: Date): Promise<TServiceRequest[]> {
  const page = await listOpenRequests(db, { communityId, now, limit: 30 })
  return page.items.map((r) => toRequestView(r))
}
