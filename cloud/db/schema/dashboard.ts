import type { ColumnType, Generated } from 'kysely'
import type { Timestamp } from './columns'

/** Kysely's view of migrations/0019_dashboard.sql and 0028_dashboard_lists.sql (报表通). */

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

/** 0028: one marks table for every work list (the call list's marks moved in, campaign as context). */
export interface WorkListMarksTable {
  id: string
  list: string
  subject_id: string
  context: Generated<string>
  outcome: string
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
  work_list_marks: WorkListMarksTable
  monthly_reports: MonthlyReportsTable
}
