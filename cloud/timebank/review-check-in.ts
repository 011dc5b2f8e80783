import type { AppDeps } from '../platform/context'
import { inTransaction } from '../platform/tx'
import type { Actor } from '../org'
import { requireScope } from '../org'
import { addMinutes } from '../platform/clock'
import { AppError } from '../platform/errors'
import { scheduleJob } from '../platform/jobs'
import { notify, recordActingFor } from '../platform/notices'
import type { TReviewCheckIn, TServiceRequest } from '../../types/timebank'
import { approveCheckIn, findRequest, transitionRequest } from './repository/requests'
import { findRules } from './repository/rules'
import { TIMEBANK_STAFF_ROLES, TRANSITIONS } from './timebank.policy'
import { toRequestView } from './timebank.mappers'

/**
 * 签到复核: staff approve a far check-in (the minutes can then be confirmed, and auto-confirmation runs
 * again) or reject it with a reason (the service is not counted). Audited either way.
 */
export async function reviewCheckIn(deps: AppDeps, actor: Actor, id: string, input: TReviewCheckIn): Promise<TServiceRequest> {
  const db = deps.db.kysely
  const r = await findRequest(db, id)
  if (!r) throw new AppError('SERVICE_REQUEST_NOT_FOUND')
  requireScope(actor, TIMEBANK_STAFF_ROLES, r.community_path, 'SERVICE_REQUEST_NOT_FOUND')
  if (r.check_in_review !== 'pending') throw new AppError('CHECKIN_NOT_UNDER_REVIEW', { review: r.check_in_review })
  const rules = await findRules(db, r.community_path)
  const now = deps.clock.now()
  await inTransaction(db, async (tx) => {
    if (input.decision === 'approve') {
      if (!(await approveCheckIn(tx, id, actor.userId, input.reason ?? null, now, input.version))) {
        const cur = await findRequest(tx, id)
        throw new AppError('CHECKIN_NOT_UNDER_REVIEW', { review: cur?.check_in_review, version: cur?.version })
      }
      // the auto-confirmation that ran while the review was pending did nothing: schedule it again
      if (r.status === 'awaiting_confirmation' && r.check_out_at && !r.check_out_proposed) {
        const due = addMinutes(new Date(r.check_out_at), rules.autoConfirmHours * 60)
        await scheduleJob(tx, { kind: 'timebank.auto_confirm', runAt: due > now ? due : now, payload: { requestId: id }, dedupeKey: `timebank.auto_confirm:${id}:reviewed` }, now)
      }
      await notify(tx, now, { userId: r.volunteer_id!, kind: 'timebank.checkin_approved', title: '签到位置已复核通过', body: `为${r.elder_name}的服务签到已由社区确认。` })
    } else {
      const t = TRANSITIONS.reviewReject
      await transitionRequest(
        tx,
        id,
        t.from,
        t.to,
        { check_in_review: 'rejected', check_in_reviewed_by: actor.userId, check_in_review_reason: input.reason!, credited_minutes: 0, settled_by: actor.userId, settle_reason: input.reason! },
        now,
        input.version,
      )
      await notify(tx, now, { userId: r.volunteer_id!, kind: 'timebank.checkin_rejected', title: '签到未通过复核，这次服务不记时长', body: `社区处理结果：${input.reason}` })
      await notify(tx, now, { userId: r.elder_id, kind: 'timebank.checkin_rejected', title: '志愿者签到未通过复核', body: `社区处理结果：${input.reason}` })
    }
    await recordActingFor(tx, now, {
      actorId: actor.userId,
      subjectId: r.volunteer_id!,
      action: `timebank.checkin_${input.decision}`,
      details: { requestId: id, distanceMetres: r.check_in_distance_m, reason: input.reason ?? null },
    })
  })
  return toRequestView((await findRequest(db, id))!, rules.autoConfirmHours)
}
