import type { AppDeps } from '../platform/context'
import { inTransaction } from '../platform/tx'
import type { Actor } from '../org'
import { AppError } from '../platform/errors'
import { notify } from '../platform/notices'
import type { TCancelServiceRequest, TServiceRequest } from '../../types/timebank'
import { cancelPlacesOf, releasePlace } from './repository/groups'
import { findRequest, transitionRequest } from './repository/requests'
import { findRules } from './repository/rules'
import { LATE_CANCEL_MINUTES, TRANSITIONS, requireSeen, standingOf } from './timebank.policy'
import { toRequestView } from './timebank.mappers'

/**
 * Either side cancels before the start, with a reason. The elder's side cancels the request; the
 * volunteer withdraws and the request is open again. Within two hours of the start it is recorded as late.
 */
export async function cancelRequest(deps: AppDeps, actor: Actor, id: string, input: TCancelServiceRequest): Promise<TServiceRequest> {
  const db = deps.db.kysely
  const r = await findRequest(db, id)
  if (!r) throw new AppError('SERVICE_REQUEST_NOT_FOUND')
  const s = await standingOf(db, actor, r)
  requireSeen(s)
  const elderSide = s.elder || s.family || s.staff || s.requester
  if (!elderSide && !s.volunteer) throw new AppError('FORBIDDEN')
  const now = deps.clock.now()
  const startsAt = new Date(r.starts_at)
  if (now >= startsAt) throw new AppError('REQUEST_STATE_CONFLICT', { status: r.status, version: r.version }, '服务已经开始，不能取消；如有问题请联系社区')
  const late = startsAt.getTime() - now.getTime() < LATE_CANCEL_MINUTES * 60_000
  // the elder's side cancels a group, not one volunteer's place in it
  if (elderSide && r.parent_id) return cancelRequest(deps, actor, r.parent_id, { reason: input.reason })
  await inTransaction(db, async (tx) => {
    if (r.parent_id) {
      // a volunteer gives their place in a group back: the place is cancelled, the group open again
      const t = TRANSITIONS.withdrawPlace
      await transitionRequest(tx, id, t.from, t.to, { cancelled_by: actor.userId, cancel_reason: input.reason, late_cancel: late }, now, input.version)
      await releasePlace(tx, r.parent_id, now)
      await notify(tx, now, { userId: r.elder_id, kind: 'timebank.withdrawn', title: '一位志愿者临时有事', body: '空出的名额已重新等待其他志愿者接单。' })
    } else if (elderSide) {
      const t = TRANSITIONS.cancel
      await transitionRequest(tx, id, t.from, t.to, { cancelled_by: actor.userId, cancel_reason: input.reason, late_cancel: late }, now, input.version)
      const volunteers = r.volunteers_needed > 1 ? await cancelPlacesOf(tx, id, { cancelledBy: actor.userId, reason: input.reason, late }, now) : r.volunteer_id ? [r.volunteer_id] : []
      for (const v of volunteers) await notify(tx, now, { userId: v, kind: 'timebank.cancelled', title: '服务请求已取消', body: `${r.elder_name}的请求已取消：${input.reason}` })
    } else {
      const t = TRANSITIONS.withdraw
      // the withdrawal is kept on the request (who, why, late) while it goes back to the 接单 list
      await transitionRequest(tx, id, t.from, t.to, { volunteer_id: null, accepted_at: null, cancelled_by: actor.userId, cancel_reason: input.reason, late_cancel: late }, now, input.version)
      await notify(tx, now, { userId: r.elder_id, kind: 'timebank.withdrawn', title: '志愿者临时有事', body: '您的请求已重新等待其他志愿者接单。' })
    }
  })
  const rules = await findRules(db, r.community_path)
  return toRequestView((await findRequest(db, id))!, rules.autoConfirmHours)
}
