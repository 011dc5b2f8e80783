import type { AppDeps } from '../platform/context'
import { inTransaction } from '../platform/tx'
import type { Kdb } from '../db/db'
import type { Actor } from '../org'
import { AppError } from '../platform/errors'
import { notifyElderAndFamily } from '../platform/notices'
import { formatShanghai } from '../platform/clock'
import type { TServiceRequest } from '../../types/timebank'
import { insertPlace, takePlace } from './repository/groups'
import { findRequest, transitionRequest } from './repository/requests'
import { findRules } from './repository/rules'
import { isUniqueViolation } from '../platform/errors'
import { TRANSITIONS, requireVolunteer } from './timebank.policy'
import { toRequestView } from './timebank.mappers'

/**
 * 接单: one volunteer per request, or as many as staff set. A group's places are filled by one guarded
 * UPDATE each and every volunteer gets a service row of their own (returned); the N+1th accept is 409.
 */
export async function acceptRequest(deps: AppDeps, actor: Actor, id: string, input: { version?: number }): Promise<TServiceRequest> {
  const db = deps.db.kysely
  const r = await findRequest(db, id)
  if (!r) throw new AppError('SERVICE_REQUEST_NOT_FOUND')
  if (!actor.roles.some((x) => x.role === 'volunteer')) throw new AppError('VOLUNTEER_REQUIRED')
  // a volunteer of another community never learns the request exists
  if (!actor.roles.some((x) => x.role === 'volunteer' && r.community_path.startsWith(x.path))) throw new AppError('SERVICE_REQUEST_NOT_FOUND')
  if (r.elder_id === actor.userId || r.requested_by === actor.userId) throw new AppError('CANNOT_SERVE_SELF')
  const now = deps.clock.now()
  const rules = await findRules(db, r.community_path)
  await requireVolunteer(db, actor.userId, r.community_path, rules, now)
  const serviceId = await joinOrAccept(db, id, r.volunteers_needed, actor.userId, now, input.version, async (tx) => {
    const body = `志愿者${actor.name}将于 ${formatShanghai(new Date(r.starts_at))} 上门提供帮助。`
    const link = `/packages/timebank/requests/index`
    await notifyElderAndFamily(
      tx,
      now,
      r.elder_id,
      { kind: 'timebank.accepted', title: '志愿者已接单', body, link },
      { kind: 'timebank.accepted', title: `志愿者已接单：${r.elder_name}`, body: `为${r.elder_name}：${body}`, link },
    )
  })
  return toRequestView((await findRequest(db, serviceId))!, rules.autoConfirmHours)
}

/**
 * Takes the request (one volunteer) or a place in it (a group) for `volunteerId` in one transaction,
 * then runs `after` in it. Returns the volunteer's service row: the request itself or their place.
 */
export async function joinOrAccept(db: Kdb, id: string, volunteersNeeded: number, volunteerId: string, now: Date, version: number | undefined, after: (tx: Kdb) => Promise<void>): Promise<string> {
  try {
    return await inTransaction(db, async (tx) => {
      const serviceId = await takeService(tx, id, volunteersNeeded, volunteerId, now, version)
      await after(tx)
      return serviceId
    })
  } catch (error) {
    // one live place per volunteer in a group (unique index): the place taken above is rolled back
    if (isUniqueViolation(error, 'timebank_requests_one_place_each')) throw new AppError('ALREADY_JOINED')
    throw error
  }
}

/** In a transaction: the request (one volunteer) or one place of a group (its guarded UPDATE) for `volunteerId`; returns the service row. */
export async function takeService(tx: Kdb, id: string, volunteersNeeded: number, volunteerId: string, now: Date, version?: number): Promise<string> {
  if (volunteersNeeded > 1) {
    await takePlace(tx, id, now)
    return insertPlace(tx, id, volunteerId, now)
  }
  const t = TRANSITIONS.accept
  await transitionRequest(tx, id, t.from, t.to, { volunteer_id: volunteerId, accepted_at: now }, now, version)
  return id
}
