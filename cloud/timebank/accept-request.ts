import type { AppDeps } from '../app'
import type { Actor } from '../org/org.policy'
import { AppError } from '../platform/errors'
import { notify } from '../platform/notices'
import { formatShanghai } from '../platform/clock'
import type { TServiceRequest } from '../../types/timebank'
import { findRequest, findRules, transitionRequest } from './timebank.repository'
import { TRANSITIONS, requireVolunteer } from './timebank.policy'
import { toRequestView } from './timebank.view'

/** 接单: one volunteer per request; the second accept of a filled request is 409. */
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
  await db.transaction().execute(async (tx) => {
    const t = TRANSITIONS.accept
    await transitionRequest(tx, id, t.from, t.to, { volunteer_id: actor.userId, accepted_at: now }, now, input.version)
    await notify(tx, now, {
      userId: r.elder_id,
      kind: 'timebank.accepted',
      title: '志愿者已接单',
      body: `志愿者${actor.name}将于 ${formatShanghai(new Date(r.starts_at))} 上门提供帮助。`,
    })
  })
  return toRequestView((await findRequest(db, id))!, rules.autoConfirmHours)
}
