import type { TEarning, TGoods, TPointsRule, TPointsRuleKind, TRedemption, TGoodsKind } from '../../types/points'
import { GOODS_KIND_LABELS, POINTS_RULE_KIND_LABELS } from '../../types/points'
import type { EarningRow } from './repository/earnings'
import type { GoodsRow } from './repository/goods'
import type { RedemptionRow } from './repository/redemptions'
import type { PointsRulesTable } from '../db/schema'
import type { Storage } from '../platform/storage'
import type { Selectable } from 'kysely'

export function toEarning(e: EarningRow): TEarning {
  return {
    id: e.id,
    ruleId: e.rule_id,
    ruleName: e.rule_name,
    userId: e.user_id,
    userName: e.user_name,
    status: e.status,
    points: e.points,
    note: e.note,
    reason: e.reason,
    createdAt: new Date(e.created_at).toISOString(),
  }
}

export function toRule(r: Selectable<PointsRulesTable>): TPointsRule {
  return {
    id: r.id,
    communityId: r.community_id,
    kind: r.kind as TPointsRuleKind,
    kindLabel: POINTS_RULE_KIND_LABELS[r.kind as TPointsRuleKind] ?? r.kind,
    name: r.name,
    description: r.description,
    points: r.points,
    needsReview: r.needs_review,
    dailyCap: r.daily_cap,
    monthlyCap: r.monthly_cap,
    activeFrom: r.active_from,
    activeUntil: r.active_until,
    active: r.active,
  }
}

// goods saved before photos had to be uploads may hold any string: shown only when it is a key
const UPLOAD_KEY = /^photos\/[0-9a-f]{64}\.jpg$/

export function toGoods(g: GoodsRow, storage: Pick<Storage, 'url'>): TGoods {
  const photoKey = g.photo_url && UPLOAD_KEY.test(g.photo_url) ? g.photo_url : null
  return {
    id: g.id,
    communityId: g.community_id,
    name: g.name,
    description: g.description,
    photoUrl: photoKey ? storage.url(photoKey) : null,
    photoKey,
    kind: g.kind,
    kindLabel: GOODS_KIND_LABELS[g.kind as TGoodsKind],
    price: g.price,
    stock: g.stock,
    perPersonLimit: g.per_person_limit,
    activeFrom: g.active_from ? new Date(g.active_from).toISOString() : null,
    activeUntil: g.active_until ? new Date(g.active_until).toISOString() : null,
    active: g.active,
  }
}

export function toRedemption(r: RedemptionRow): TRedemption {
  return {
    id: r.id,
    goodsId: r.goods_id,
    goodsName: r.goods_name,
    userName: r.user_name,
    points: r.points,
    code: r.code,
    qrText: `linli:redeem:${r.id}:${r.code}`,
    status: r.status,
    holdUntil: new Date(r.hold_until).toISOString(),
    createdAt: new Date(r.created_at).toISOString(),
    closedAt: r.closed_at ? new Date(r.closed_at).toISOString() : null,
  }
}
