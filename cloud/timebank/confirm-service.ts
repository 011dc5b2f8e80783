import type { AppDeps } from '../platform/context'
import { inTransaction } from '../platform/tx'
import type { Actor } from '../org'
import { AppError } from '../platform/errors'
import { recordActingFor } from '../platform/notices'
import type { TConfirmService, TServiceRequest } from '../../types/timebank'
import { findRequest, transitionRequest } from './repository/requests'
import { findRules } from './repository/rules'
import { TRANSITIONS, requireElderSide, standingOf } from './timebank.policy'
import { creditService, serviceAccounts } from './credit-service'
import { toRequestView } from './timebank.mappers'

/** The elder (or linked family, or staff) confirms the minutes — never more than recorded — and rates. */
export async function confirmService(deps: AppDeps, actor: Actor, id: string, input: TConfirmService): Promise<TServiceRequest> {
  const db = deps.db.kysely
  const r = await findRequest(db, id)
  if (!r) throw new AppError('SERVICE_REQUEST_NOT_FOUND')
  const via = requireElderSide(await standingOf(db, actor, r))
  if (r.status !== 'awaiting_confirmation' || r.minutes === null) throw new AppError('REQUEST_STATE_CONFLICT', { status: r.status, version: r.version })
  if (input.minutes !== undefined && input.minutes > r.minutes) throw new AppError('MINUTES_EXCEED_RECORDED', { recordedMinutes: r.minutes })
  if (r.check_in_review === 'pending') throw new AppError('CHECKIN_REVIEW_PENDING', { distanceMetres: r.check_in_distance_m })
  const minutes = input.minutes ?? r.minutes
  const rules = await findRules(db, r.community_path)
  const now = deps.clock.now()
  const accounts = await serviceAccounts(db, r, now)
  await inTransaction(db, async (tx) => {
    const t = TRANSITIONS.confirm
    // the guarded UPDATE is the lock: of 30 confirmations at once exactly one gets past this line
    await transitionRequest(
      tx,
      id,
      t.from,
      t.to,
      { confirmed_by: actor.userId, confirmed_at: now, confirmed_via: via, credited_minutes: 0, rating: input.rating, comment: input.comment ?? null, minutes },
      now,
      input.version,
    )
    if (via !== 'elder') {
      await recordActingFor(tx, now, {
        actorId: actor.userId,
        subjectId: r.elder_id,
        action: 'timebank.confirm_for',
        details: { requestId: id, minutes, via },
        notice: { kind: 'timebank.confirmed_for_you', title: '服务时长已代为确认', body: `${actor.name}代您确认了志愿者服务 ${minutes} 分钟。` },
      })
    }
    await creditService(tx, now, { ...r, minutes }, minutes, rules, actor.userId, accounts)
  })
  return toRequestView((await findRequest(db, id))!, rules.autoConfirmHours)
}
