import type { ColumnType, Generated } from 'kysely'
import type { Timestamp } from './columns'

/** Kysely's view of migrations/0019_dashboard.sql (报表通). */

export interface DashboardDailyTable {
  community_id: string
  day: ColumnType<string, string, string>
  received: Generated<number>
  accepted: Generated<number>
  resolved: Generated<number>
  resolved_on_time: Generated<number>
  reopened: Generated<number>
  ratings: Generated<number>
  rating_sum: Generated<number>
  accept_minutes: Generated<number[]>
  resolve_minutes: Generated<number[]>
  points_earned: Generated<number>
  points_spent: Generated<number>
  minutes_served: Generated<number>
  refreshed_at: Timestamp
}

export interface DashboardStateTable {
  id: number
  through_day: string | null
}

export interface CallListMarksTable {
  id: string
  campaign_id: string
  elder_id: string
  outcome: 'declined' | 'will_book' | 'unreachable'
  note: Generated<string>
  marked_by: string
  created_at: Timestamp
}

export interface MonthlyReportsTable {
  org_unit_id: string
  month: string
  storage_key: string
  figures: ColumnType<unknown, string, string>
  generated_at: Timestamp
}

export interface DashboardTables {
  dashboard_daily: DashboardDailyTable
  dashboard_state: DashboardStateTable
  call_list_marks: CallListMarksTable
  monthly_reports: MonthlyReportsTable
}
