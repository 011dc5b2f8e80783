import type { AppDeps } from '../platform/context'
import { inTransaction } from '../platform/tx'
import type { Actor } from '../org'
import { addMinutes } from '../platform/clock'
import { AppError } from '../platform/errors'
import { scheduleJob } from '../platform/jobs'
import { notifyElderAndFamily } from '../platform/notices'
import type { TCheckOut, TServiceRequest } from '../../types/timebank'
import { findRequest, transitionRequest } from './repository/requests'
import { findRules } from './repository/rules'
import { TRANSITIONS, distanceMetres, serviceMinutes } from './timebank.policy'
import { toRequestView } from './timebank.mappers'

/**
 * 签退 on leaving (within the distance), or — forgot to check out — the volunteer proposes the real end
 * time and the elder's side confirms it (no auto-confirmation for a proposed time).
 */
export async function checkOut(deps: AppDeps, actor: Actor, id: string, input: TCheckOut): Promise<TServiceRequest> {
  const db = deps.db.kysely
  const r = await findRequest(db, id)
  if (!r || r.volunteer_id !== actor.userId) throw new AppError('SERVICE_REQUEST_NOT_FOUND')
  if (r.status !== 'in_service' || !r.check_in_at) throw new AppError('REQUEST_STATE_CONFLICT', { status: r.status, version: r.version }, '还没有签到，不能签退')
  const rules = await findRules(db, r.community_path)
  const now = deps.clock.now()
  const checkInAt = new Date(r.check_in_at)
  const proposed = input.proposedEndAt !== undefined
  const end = proposed ? new Date(input.proposedEndAt!) : now
  if (end <= checkInAt || end > now) throw new AppError('CHECKOUT_TIME_INVALID', { checkInAt: checkInAt.toISOString() })
  let distance: number | null = null
  if (!proposed && input.location && r.lat !== null && r.lng !== null) {
    distance = distanceMetres({ lat: r.lat, lng: r.lng }, input.location)
    if (distance > rules.maxDistanceM && !input.farReason) {
      throw new AppError('CHECKIN_TOO_FAR', { distanceMetres: distance, maxMetres: rules.maxDistanceM, reviewPossible: true }, '您离服务地址太远（需在 300 米以内）；如果已经离开，请填写实际结束时间')
    }
  }
  // far with an explanation: recorded, and the location goes to staff review like a far check-in
  const farOut = distance !== null && distance > rules.maxDistanceM
  const minutes = serviceMinutes(checkInAt, end, r.max_minutes)
  await inTransaction(db, async (tx) => {
    const t = TRANSITIONS.checkOut
    await transitionRequest(
      tx,
      id,
      t.from,
      t.to,
      {
        check_out_at: end,
        check_out_lat: input.location?.lat ?? null,
        check_out_lng: input.location?.lng ?? null,
        check_out_proposed: proposed,
        minutes,
        ...(farOut ? { check_in_review: 'pending' as const, check_in_review_reason: `签退时离地址约 ${distance} 米：${input.farReason}` } : {}),
      },
      now,
      input.version,
    )
    if (!proposed) {
      const due = addMinutes(end, rules.autoConfirmHours * 60)
      await scheduleJob(tx, { kind: 'timebank.auto_confirm', runAt: due, payload: { requestId: id }, dedupeKey: `timebank.auto_confirm:${id}` }, now)
      // the elder is told a day before the minutes are confirmed on their behalf
      await scheduleJob(tx, { kind: 'timebank.confirm_reminder', runAt: addMinutes(due, -24 * 60), payload: { requestId: id }, dedupeKey: `timebank.confirm_reminder:${id}` }, now)
    }
    const body = proposed
      ? `志愿者${actor.name}忘记签退，补填服务 ${minutes} 分钟，请您确认。`
      : `志愿者${actor.name}服务了 ${minutes} 分钟，请确认并评价；${rules.autoConfirmHours} 小时内没有异议将自动确认。`
    const link = '/packages/timebank/requests/index'
    await notifyElderAndFamily(
      tx,
      now,
      r.elder_id,
      { kind: 'timebank.checked_out', title: '请确认服务时长', body, link },
      { kind: 'timebank.checked_out', title: `${r.elder_name}的服务已结束，请确认时长`, body, link },
    )
  })
  return toRequestView((await findRequest(db, id))!, rules.autoConfirmHours)
}
