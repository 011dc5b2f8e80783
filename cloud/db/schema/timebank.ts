import type { Generated } from 'kysely'
import type { Timestamp } from './columns'

/** 时间银行: 0005_timebank.sql and 0009_timebank_more.sql. */

export type TimebankStatus = 'open' | 'accepted' | 'in_service' | 'awaiting_confirmation' | 'disputed' | 'confirmed' | 'rejected' | 'cancelled'

export interface TimebankRulesTable {
  street_id: string
  min_volunteer_age: Generated<number>
  min_draw_age: Generated<number>
  daily_cap_minutes: Generated<number>
  lifetime_cap_minutes: Generated<number>
  auto_confirm_hours: Generated<number>
  max_distance_m: Generated<number>
  updated_at: Timestamp
}

export interface TimebankPlacesTable {
  user_id: string
  lat: number
  lng: number
  updated_at: Timestamp
}

export interface TimebankRequestsTable {
  id: string
  community_id: string
  elder_id: string
  requested_by: string
  service_type: string
  starts_at: Timestamp
  ends_at: Timestamp
  address: string
  lat: number | null
  lng: number | null
  estimate_minutes: number
  max_minutes: number
  notes: Generated<string>
  status: TimebankStatus
  version: Generated<number>
  volunteer_id: string | null
  accepted_at: Timestamp | null
  check_in_at: Timestamp | null
  check_in_lat: number | null
  check_in_lng: number | null
  check_in_distance_m: number | null
  check_out_at: Timestamp | null
  check_out_lat: number | null
  check_out_lng: number | null
  check_out_proposed: Generated<boolean>
  minutes: number | null
  credited_minutes: number | null
  cap_note: string | null
  confirmed_by: string | null
  confirmed_at: Timestamp | null
  confirmed_via: 'elder' | 'family' | 'staff' | 'auto' | 'settlement' | null
  rating: number | null
  comment: string | null
  dispute_reason: string | null
  disputed_by: string | null
  settled_by: string | null
  settle_reason: string | null
  cancelled_by: string | null
  cancel_reason: string | null
  late_cancel: Generated<boolean>
  created_at: Timestamp
  updated_at: Timestamp
  // 0009: groups of places, far check-in review
  volunteers_needed: Generated<number>
  places_taken: Generated<number>
  parent_id: string | null
  check_in_review: 'pending' | 'approved' | 'rejected' | null
  check_in_reviewed_by: string | null
  check_in_review_reason: string | null
}

export interface TimebankAccountsTable {
  id: string
  kind: 'member' | 'issuing' | 'spent'
  user_id: string | null
  community_id: string | null
  /** 0021: system accounts are split into slots (cloud/ledger SYSTEM_SLOTS), 0 for members */
  slot: Generated<number>
  balance: Generated<number>
  version: Generated<number>
  created_at: Timestamp
}

export interface TimebankJournalsTable {
  id: string
  kind: 'serve' | 'draw' | 'gift' | 'reverse' | 'adjust'
  request_id: string | null
  memo: string
  actor_id: string | null
  reverses_id: string | null
  reason: string | null
  created_at: Timestamp
  subject_id: Generated<string | null>
}

export interface TimebankEntriesTable {
  id: Generated<number>
  journal_id: string
  account_id: string
  amount: number
  created_at: Timestamp
}

export interface TimebankCapCountersTable {
  user_id: string
  period: string
  minutes: number
}

export interface TimebankCertificatesTable {
  code: string
  user_id: string
  total_minutes: number
  services: number
  issued_at: Timestamp
  period_from: Timestamp | null
}

export interface TimebankVolunteerApplicationsTable {
  id: string
  user_id: string
  community_id: string
  skills: Generated<string>
  status: 'pending' | 'verified' | 'rejected'
  decided_by: string | null
  decided_at: Timestamp | null
  reason: string | null
  created_at: Timestamp
}

export interface TimebankTables {
  timebank_rules: TimebankRulesTable
  timebank_places: TimebankPlacesTable
  timebank_requests: TimebankRequestsTable
  timebank_accounts: TimebankAccountsTable
  timebank_journals: TimebankJournalsTable
  timebank_entries: TimebankEntriesTable
  timebank_cap_counters: TimebankCapCountersTable
  timebank_certificates: TimebankCertificatesTable
  timebank_volunteer_applications: TimebankVolunteerApplicationsTable
}
