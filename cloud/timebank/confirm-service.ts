import type { AppDeps } from '../platform/context'
import type { Actor } from '../org'
import { AppError } from '../platform/errors'
import type { TConfirmService, TServiceRequest } from '../../types/timebank'
import { confirmInOneCall, findRequestWithRules } from './repository/confirm'
import { requireElderSide, standingOf } from './timebank.policy'
import { creditInput } from './credit-service'
import { toRequestView } from './timebank.mappers'

/**
 * The elder (or linked family, or staff) confirms the minutes — never more than recorded — and rates.
 * One read (the request with its street's rules), the checks here, then one statement
 * (timebank_confirm) for every write: the guarded transition — of 30 confirmations at once exactly
 * one gets past it — the acting-for record, and the credit.
 */
export async function confirmService(deps: AppDeps, actor: Actor, id: string, input: TConfirmService): Promise<TServiceRequest> {
  const db = deps.db.kysely
  const found = await findRequestWithRules(db, id)
  if (!found) throw new AppError('SERVICE_REQUEST_NOT_FOUND')
  const { request: r, rules } = found
  const via = requireElderSide(await standingOf(db, actor, r))
  if (r.status !== 'awaiting_confirmation' || r.minutes === null) throw new AppError('REQUEST_STATE_CONFLICT', { status: r.status, version: r.version })
  if (input.minutes !== undefined && input.minutes > r.minutes) throw new AppError('MINUTES_EXCEED_RECORDED', { recordedMinutes: r.minutes })
  if (r.check_in_review === 'pending') throw new AppError('CHECKIN_REVIEW_PENDING', { distanceMetres: r.check_in_distance_m })
  const minutes = input.minutes ?? r.minutes
  const now = deps.clock.now()
  const row = await confirmInOneCall(db, {
    ...creditInput(r, minutes, rules, actor.userId, now),
    version: input.version,
    via,
    rating: input.rating,
    comment: input.comment ?? null,
    actingFor:
      via === 'elder'
        ? null
        : {
            action: 'timebank.confirm_for',
            details: { requestId: id, minutes, via },
            notice: { kind: 'timebank.confirmed_for_you', title: '服务时长已代为确认', body: `${actor.name}代您确认了志愿者服务 ${minutes} 分钟。` },
          },
    after: null,
  })
  // the names were read above and a confirmation changes none of them
  return toRequestView({ ...r, ...row }, rules.autoConfirmHours)
}
