import type { AppDeps } from '../platform/context'
import type { Actor } from '../org'
import { AppError } from '../platform/errors'
import { businessDate } from '../platform/clock'
import { newId } from '../platform/ids'
import type { TApplyPointsRequest, TEarning } from '../../types/points'
import { findEarning } from './repository/earnings'
import { findRule } from './repository/rules'
import { residentCommunityId } from './points.policy'
import { earnPoints } from './earn-points'
import { toEarning } from './points.mappers'

/** 申请积分: a resident says what they did; rules that need review wait for staff, others credit at once. */
export async function applyPoints(deps: AppDeps, actor: Actor, input: TApplyPointsRequest): Promise<TEarning> {
  const communityId = residentCommunityId(actor)
  const db = deps.db.kysely
  const now = deps.clock.now()
  const rule = await findRule(db, input.ruleId)
  if (!rule || rule.community_id !== communityId) throw new AppError('POINTS_RULE_NOT_FOUND')
  const today = businessDate(now)
  if (!rule.active || (rule.active_from && rule.active_from > today) || (rule.active_until && rule.active_until < today)) throw new AppError('RULE_NOT_ACTIVE')
  // reports and check-ins earn automatically; applying for them by hand would count twice
  if (rule.kind === 'valid_report' || rule.kind === 'event_attendance') throw new AppError('RULE_REFUSED', { ruleKind: rule.kind }, '这项积分会自动发放，不需要申请')
  const { earningId } = await earnPoints(db, now, {
    communityId,
    userId: actor.userId,
    rule,
    sourceType: 'application',
    sourceId: newId(),
    note: input.note,
    review: rule.needs_review,
  })
  return toEarning((await findEarning(db, earningId))!)
}
