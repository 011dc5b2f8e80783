import type { AppDeps } from '../platform/context'
import type { Actor } from '../org'
import { businessDate } from '../platform/clock'
import type { TGoods, TPointsRule, TRedemption } from '../../types/points'
import { listGoods } from './repository/goods'
import { listRedemptionsOf } from './repository/redemptions'
import { listRules } from './repository/rules'
import { residentCommunityId, staffCommunity } from './points.policy'
import { toGoods, toRedemption, toRule } from './points.mappers'

/** 积分商城: what a resident can redeem now in their community. */
export async function listShopGoods(deps: AppDeps, actor: Actor): Promise<{ items: TGoods[] }> {
  const rows = await listGoods(deps.db.kysely, residentCommunityId(actor), deps.clock.now())
  return { items: rows.map((g) => toGoods(g, deps.storage)) }
}

/** 积分规则: how points are earned in the resident's community today. */
export async function listActiveRules(deps: AppDeps, actor: Actor): Promise<{ items: TPointsRule[] }> {
  const rows = await listRules(deps.db.kysely, residentCommunityId(actor), businessDate(deps.clock.now()))
  return { items: rows.map(toRule) }
}

export async function listMyRedemptions(deps: AppDeps, actor: Actor, q: { limit: number; cursor?: string }): Promise<{ items: TRedemption[]; nextCursor: string | null }> {
  const rows = await listRedemptionsOf(deps.db.kysely, actor.userId, q.limit, q.cursor)
  const page = rows.slice(0, q.limit)
  return { items: page.map(toRedemption), nextCursor: rows.length > q.limit ? page[page.length - 1].id : null }
}

/** Staff: every rule and every item of their community, active or not. */
export async function listStaffCatalogue(deps: AppDeps, actor: Actor, q: { communityId?: string }): Promise<{ rules: TPointsRule[]; goods: TGoods[] }> {
  const community = await staffCommunity(deps.db.kysely, actor, q.communityId)
  const [rules, goods] = await Promise.all([listRules(deps.db.kysely, community.id, null), listGoods(deps.db.kysely, community.id, null)])
  return { rules: rules.map(toRule), goods: goods.map((g) => toGoods(g, deps.storage)) }
}
