import type { AppDeps } from '../platform/context'
import type { Actor } from '../org'
import { requireScope } from '../org'
import { AppError } from '../platform/errors'
import type { TPointsRule, TSaveRuleRequest } from '../../types/points'
import { findRule, insertRule, updateRule, type RuleValues } from './repository/rules'
import { POINTS_STAFF_ROLES, staffCommunity } from './points.policy'
import { toRule } from './points.mappers'

function values(input: TSaveRuleRequest): RuleValues {
  if (input.activeFrom && input.activeUntil && input.activeUntil < input.activeFrom) {
    throw new AppError('INVALID_INPUT', { fields: { activeUntil: '结束日期不能早于开始日期' } }, '结束日期不能早于开始日期')
  }
  return {
    kind: input.kind,
    name: input.name,
    description: input.description,
    points: input.points,
    needs_review: input.needsReview,
    daily_cap: input.dailyCap,
    monthly_cap: input.monthlyCap,
    active_from: input.activeFrom,
    active_until: input.activeUntil,
    active: input.active,
  }
}

/** Staff define how points are earned in their community. Past credits are not touched by an edit. */
export async function createRule(deps: AppDeps, actor: Actor, input: TSaveRuleRequest): Promise<TPointsRule> {
  const community = await staffCommunity(deps.db.kysely, actor, input.communityId)
  return toRule(await insertRule(deps.db.kysely, community.id, values(input), actor.userId, deps.clock.now()))
}

export async function updatePointsRule(deps: AppDeps, actor: Actor, ruleId: string, input: TSaveRuleRequest): Promise<TPointsRule> {
  const rule = await findRule(deps.db.kysely, ruleId)
  requireScope(actor, POINTS_STAFF_ROLES, rule?.community_path ?? null, 'POINTS_RULE_NOT_FOUND')
  return toRule(await updateRule(deps.db.kysely, ruleId, values(input), deps.clock.now()))
}
