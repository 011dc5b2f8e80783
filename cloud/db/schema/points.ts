import type { Generated } from 'kysely'
import type { Timestamp, Json } from './columns'

/** 积分制: 0003, 0008. */

export interface PointsRulesTable {
  id: string
  community_id: string
  kind: string
  name: string
  description: Generated<string>
  points: number
  needs_review: Generated<boolean>
  daily_cap: number | null
  monthly_cap: number | null
  active_from: string | null
  active_until: string | null
  active: Generated<boolean>
  created_by: string | null
  created_at: Timestamp
  updated_at: Timestamp
  version: Generated<number>
}

export interface PointsAccountsTable {
  id: string
  community_id: string
  kind: 'resident' | 'issuing' | 'shop' | 'expiry'
  user_id: string | null
  slot: Generated<number>
  available: Generated<number>
  held: Generated<number>
  version: Generated<number>
  created_at: Timestamp
}

export interface PointsJournalsTable {
  id: string
  community_id: string
  kind: 'earn' | 'hold' | 'redeem' | 'release' | 'reverse' | 'expire' | 'adjust'
  memo: string
  actor_id: string | null
  reverses_id: string | null
  reason: string | null
  created_at: Timestamp
}

export interface PointsEntriesTable {
  id: Generated<number>
  journal_id: string
  account_id: string
  community_id: string
  bucket: 'available' | 'held'
  amount: number
  created_at: Timestamp
}

export interface PointsLotsTable {
  id: string
  account_id: string
  journal_id: string
  amount: number
  remaining: number
  expires_on: string
  created_at: Timestamp
}

export interface PointsLotDrawsTable {
  id: Generated<number>
  journal_id: string
  lot_id: string
  amount: number
}

export interface PointsEventsTable {
  id: string
  community_id: string
  rule_id: string
  title: string
  created_by: string
  created_at: Timestamp
}

export interface PointsEarningsTable {
  id: string
  community_id: string
  user_id: string
  rule_id: string
  source_type: 'report' | 'event' | 'application' | 'timebank' | 'seed'
  source_id: string
  status: 'pending' | 'credited' | 'capped' | 'rejected'
  points: number
  note: Generated<string>
  reason: string | null
  journal_id: string | null
  decided_by: string | null
  decided_at: Timestamp | null
  created_at: Timestamp
}

export interface PointsCapCountersTable {
  user_id: string
  rule_id: string
  period: string
  points: number
}

export interface PointsGoodsTable {
  id: string
  community_id: string
  name: string
  description: Generated<string>
  photo_url: string | null
  kind: 'goods' | 'property_voucher' | 'service'
  price: number
  stock: number
  per_person_limit: number | null
  active_from: Timestamp | null
  active_until: Timestamp | null
  active: Generated<boolean>
  created_at: Timestamp
  updated_at: Timestamp
  version: Generated<number>
}

export interface PointsRedemptionsTable {
  id: string
  community_id: string
  goods_id: string
  user_id: string
  account_id: string
  points: number
  code: string
  status: 'held' | 'redeemed' | 'released' | 'cancelled'
  hold_journal_id: string
  close_journal_id: string | null
  hold_until: Timestamp
  redeemed_by: string | null
  created_at: Timestamp
  closed_at: Timestamp | null
}

export interface PointsReconciliationsTable {
  id: string
  community_id: string
  ok: boolean
  details: Json
  ran_at: Timestamp
}

export interface PointsTables {
  points_rules: PointsRulesTable
  points_accounts: PointsAccountsTable
  points_journals: PointsJournalsTable
  points_entries: PointsEntriesTable
  points_lots: PointsLotsTable
  points_lot_draws: PointsLotDrawsTable
  points_events: PointsEventsTable
  points_earnings: PointsEarningsTable
  points_cap_counters: PointsCapCountersTable
  points_goods: PointsGoodsTable
  points_redemptions: PointsRedemptionsTable
  points_reconciliations: PointsReconciliationsTable
}
