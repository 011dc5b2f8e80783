import type { AppDeps } from '../platform/context'
import { inTransaction } from '../platform/tx'
import type { Actor } from '../org'
import { requireScope } from '../org'
import { AppError } from '../platform/errors'
import { notify } from '../platform/notices'
import type { TServiceRequest, TSettleDispute } from '../../types/timebank'
import { findRequest, transitionRequest } from './repository/requests'
import { findRules } from './repository/rules'
import { TIMEBANK_STAFF_ROLES, TRANSITIONS } from './timebank.policy'
import { creditService } from './credit-service'
import { toRequestView } from './timebank.mappers'

/** Community staff settle a dispute with a reason: credit (up to the recorded minutes) or not. */
export async function settleDispute(deps: AppDeps, actor: Actor, id: string, input: TSettleDispute): Promise<TServiceRequest> {
  const db = deps.db.kysely
  const r = await findRequest(db, id)
  if (!r) throw new AppError('SERVICE_REQUEST_NOT_FOUND')
  requireScope(actor, TIMEBANK_STAFF_ROLES, r.community_path, 'SERVICE_REQUEST_NOT_FOUND')
  if (r.status !== 'disputed' || r.minutes === null) throw new AppError('REQUEST_STATE_CONFLICT', { status: r.status, version: r.version })
  if (input.minutes !== undefined && input.minutes > r.minutes) throw new AppError('MINUTES_EXCEED_RECORDED', { recordedMinutes: r.minutes })
  if (input.decision === 'credit' && r.check_in_review === 'pending') throw new AppError('CHECKIN_REVIEW_PENDING', { distanceMetres: r.check_in_distance_m })
  const rules = await findRules(db, r.community_path)
  const now = deps.clock.now()
  await inTransaction(db, async (tx) => {
    if (input.decision === 'credit') {
      const minutes = input.minutes ?? r.minutes!
      const t = TRANSITIONS.settleCredit
      await transitionRequest(
        tx,
        id,
        t.from,
        t.to,
        { settled_by: actor.userId, settle_reason: input.reason, confirmed_by: actor.userId, confirmed_at: now, confirmed_via: 'settlement', credited_minutes: 0, minutes },
        now,
        input.version,
      )
      await creditService(tx, now, { ...r, minutes }, minutes, rules, actor.userId)
    } else {
      const t = TRANSITIONS.settleReject
      await transitionRequest(tx, id, t.from, t.to, { settled_by: actor.userId, settle_reason: input.reason, credited_minutes: 0 }, now, input.version)
      await notify(tx, now, { userId: r.volunteer_id!, kind: 'timebank.rejected', title: '这次服务不记时长', body: `社区处理结果：${input.reason}` })
    }
    await notify(tx, now, { userId: r.elder_id, kind: 'timebank.settled', title: '异议已处理', body: `社区处理结果：${input.reason}` })
  })
  return toRequestView((await findRequest(db, id))!, rules.autoConfirmHours)
}
