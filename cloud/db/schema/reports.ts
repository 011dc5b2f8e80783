import type { Generated } from 'kysely'
import type { Timestamp, Json } from './columns'

/** 随手拍 and Open311: 0002, 0007, 0012, 0017. */

export interface ReportCategorySettingsTable {
  street_id: string
  category: string
  limit_minutes: number
  department_id: string | null
  /** 0012 (admin settings) */
  name: Generated<string | null>
  enabled: Generated<boolean>
  handler_level: Generated<'grid' | 'community' | 'department'>
  duplicate_radius_m: Generated<number>
  /** 0024: one of CATEGORY_ICONS, null = the standard icon */
  icon: Generated<string | null>
}

export interface ReportNumbersTable {
  day: string
  last: number
}

export interface ReportsTable {
  id: string
  number: string
  category: string
  description: string
  lat: number
  lng: number
  address: string | null
  reporter_id: string
  anonymous: boolean
  /** 0017: the reporter asked not to be called (staff see no number). */
  no_contact: Generated<boolean>
  street_id: string
  community_id: string
  grid_id: string
  scope_path: string
  level: Generated<'grid' | 'community' | 'cluster' | 'street'>
  escalations: Generated<number>
  assignee_id: string | null
  department_id: string | null
  dispatched_from: 'grid' | 'community' | 'cluster' | 'street' | null
  status: string
  limit_minutes: number
  deadline_at: Timestamp
  merged_into: string | null
  reject_reason: string | null
  resolution_note: string | null
  resolved_at: Timestamp | null
  closed_at: Timestamp | null
  rating: number | null
  rating_comment: string | null
  reopen_count: Generated<number>
  supporters: Generated<number>
  version: Generated<number>
  created_at: Timestamp
  updated_at: Timestamp
}

export interface ReportPhotosTable {
  report_id: string
  key: string
  kind: 'before' | 'after' | 'comment' | 'reopen'
  position: number
  added_by: string
  created_at: Timestamp
}

export interface ReportEventsTable {
  id: string
  report_id: string
  actor_id: string | null
  actor_role: string
  action: string
  from_status: string | null
  to_status: string | null
  level: string
  reason: string | null
  public: Generated<boolean>
  details: Json
  created_at: Timestamp
}

export interface ReportSupportersTable {
  report_id: string
  user_id: string
  created_at: Timestamp
}

export interface Open311KeysTable {
  key_hash: string
  street_id: string
  user_id: string
  label: string
  created_at: Timestamp
  revoked_at: Timestamp | null
}

export interface ReportsTables {
  report_category_settings: ReportCategorySettingsTable
  report_numbers: ReportNumbersTable
  reports: ReportsTable
  report_photos: ReportPhotosTable
  report_events: ReportEventsTable
  report_supporters: ReportSupportersTable
  open311_keys: Open311KeysTable
}
