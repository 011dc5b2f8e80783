import type { ColumnType, Generated } from 'kysely'
import type { TimebankTables } from '../timebank/timebank.tables'

/** Kysely's view of the tables in migrations/. Timestamps are read as Date, written as Date. */
type Timestamp = ColumnType<Date, Date | string, Date | string>
/** Has a database default: optional on insert. */
type CreatedAt = ColumnType<Date, Date | string | undefined, Date | string>
type Json<T = Record<string, unknown>> = ColumnType<T, string | T, string | T>

export interface OrgUnitsTable {
  id: string
  kind: 'street' | 'cluster' | 'community' | 'grid' | 'department'
  parent_id: string | null
  name: string
  path: string
  created_at: CreatedAt
  /** 0012: closed units keep their history but take no new work */
  closed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
}

export interface UsersTable {
  id: string
  name: string
  phone: string | null
  wx_openid: string | null
  wx_unionid: string | null
  username: string | null
  password_hash: string | null
  birth_date: string | null
  id_number_masked: string | null
  id_number_hash: string | null
  address: string | null
  community_id: string | null
  registered_by: string | null
  elder_mode: Generated<boolean>
  demo_account: Generated<boolean>
  failed_logins: Generated<number>
  locked_until: Timestamp | null
  /** bumped to end every session of the person (logout-all, password or role change, disable) */
  session_version: Generated<number>
  created_at: CreatedAt
  /** 0012: a one-time password must be changed before anything else */
  must_change_password: Generated<boolean>
  /** 0012: a disabled account's next request is 401 */
  disabled_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
}

export interface RoleAssignmentsTable {
  id: string
  user_id: string
  role: string
  org_unit_id: string
  created_at: CreatedAt
}

export interface SmsCodesTable {
  phone: string
  code_hash: string | null
  expires_at: Timestamp | null
  last_sent_at: Timestamp | null
  attempts: Generated<number>
  locked_until: Timestamp | null
}

/** Counters of cloud/platform/rate-limit.ts (migration 0018). */
export interface RateLimitsTable {
  key: string
  resets_at: Timestamp
  max_hits: number
  hits: number
}

export interface ConsentsTable {
  id: string
  user_id: string
  kind: string
  version: string
  accepted_at: Timestamp
  recorded_by: string | null
  withdrawn_at: Timestamp | null
}

export interface FamilyLinksTable {
  id: string
  elder_id: string
  member_id: string
  relation: string
  scopes: string[]
  status: 'pending' | 'active' | 'rejected' | 'revoked'
  requested_at: Timestamp
  confirmed_at: Timestamp | null
  confirmed_by: string | null
  confirmed_via: 'elder' | 'counter' | null
  ended_at: Timestamp | null
  ended_by: string | null
  end_reason: string | null
  version: Generated<number>
}

export interface FamilyBindCodesTable {
  code: string
  elder_id: string
  scopes: string[]
  issued_by: string
  issued_at: Timestamp
  expires_at: Timestamp
  used_at: Timestamp | null
  used_by: string | null
}

/** Failures of a secret per (subject, client): 0014_security.sql. */
export interface AuthFailuresTable {
  subject: string
  client: string
  failures: Generated<number>
  lock_count: Generated<number>
  locked_until: Timestamp | null
  last_at: Timestamp
}

export interface RevokedSessionsTable {
  jti: string
  user_id: string
  revoked_at: Timestamp
  expires_at: Timestamp
}

export interface KnownDevicesTable {
  token_hash: string
  user_id: string
  created_at: Timestamp
  last_used_at: Timestamp
  expires_at: Timestamp
}

export interface AuditLogTable {
  id: string
  actor_id: string
  subject_id: string | null
  action: string
  details: Json
  created_at: Timestamp
  /** 0012: where an admin action happened, so a 片区 lead reads only their 片区 */
  scope_path: Generated<string | null>
}

export interface NoticesTable {
  id: string
  user_id: string
  kind: string
  title: string
  body: string
  created_at: Timestamp
  read_at: Timestamp | null
  /** the page the notice opens (0016); null: derived from the kind */
  link: string | null
}

export interface OutboxTable {
  id: string
  topic: string
  payload: Json
  created_at: Timestamp
  delivered_at: Timestamp | null
  attempts: Generated<number>
  last_error: string | null
  /** Leased until (claimed by a deliverer) or not before (back-off after a failure); 0015. */
  locked_until: Timestamp | null
}

export interface JobsTable {
  id: string
  kind: string
  run_at: Timestamp
  payload: Json
  dedupe_key: string | null
  status: Generated<'pending' | 'running' | 'done' | 'failed'>
  attempts: Generated<number>
  last_error: string | null
  locked_until: Timestamp | null
  done_at: Timestamp | null
  created_at: Timestamp
}

export interface IdempotencyKeysTable {
  user_id: string
  key: string
  request_hash: string
  status_code: number
  response: Json<unknown>
  created_at: Timestamp
}

// checkups (0004_checkups.sql)
export interface CheckupCampaignsTable {
  id: string
  community_id: string
  year: number
  title: string
  min_age: Generated<number>
  age_on: string
  bring: Generated<string>
  fasting: Generated<string>
  release_at: Timestamp
  cancel_cutoff: Generated<string>
  held_back: Generated<number>
  offer_minutes: Generated<number>
  status: Generated<'open' | 'closed'>
  created_by: string
  created_at: Timestamp
}

export interface CheckupSessionsTable {
  id: string
  campaign_id: string
  starts_at: Timestamp
  ends_at: Timestamp
  place: string
  capacity: number
  booked: Generated<number>
  status: Generated<'open' | 'closed'>
  created_at: Timestamp
}

export interface CheckupBookingsTable {
  id: string
  campaign_id: string
  session_id: string
  elder_id: string
  status: 'booked' | 'checked_in' | 'done' | 'cancelled' | 'no_show'
  channel: 'self' | 'family' | 'counter' | 'phone' | 'waitlist'
  booked_by: string
  check_in_code: string
  override_reason: string | null
  created_at: Timestamp
  updated_at: Timestamp
  cancelled_at: Timestamp | null
  cancelled_by: string | null
  checked_in_at: Timestamp | null
  checked_in_by: string | null
  done_at: Timestamp | null
  reminded_at: Timestamp | null
}

export interface CheckupWaitlistTable {
  id: string
  campaign_id: string
  session_id: string
  elder_id: string
  requested_by: string
  status: 'waiting' | 'offered' | 'accepted' | 'expired' | 'withdrawn'
  created_at: Timestamp
  offered_at: Timestamp | null
  offer_expires_at: Timestamp | null
  decided_at: Timestamp | null
  booking_id: string | null
}

export interface CheckupHomeVisitsTable {
  id: string
  campaign_id: string
  elder_id: string
  requested_by: string
  note: Generated<string>
  status: 'requested' | 'scheduled' | 'done' | 'cancelled'
  staff_id: string | null
  /** tstzrange, written as '[start,end)' */
  during: string | null
  created_at: Timestamp
  scheduled_at: Timestamp | null
}

// ── reports (随手拍, migration 0002) ──
export interface OrgUnitGeoTable {
  org_unit_id: string
  center_lat: number
  center_lng: number
  min_lat: number
  max_lat: number
  min_lng: number
  max_lng: number
}

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

/** 0012: per-street defaults the admin console edits */
export interface StreetSettingsTable {
  street_id: string
  checkup_min_age: Generated<number>
  checkup_cancel_cutoff: Generated<string>
  points_default_rules: Json<unknown[]>
  updated_at: Timestamp
  updated_by: string | null
}

export interface UploadsTable {
  key: string
  thumb_key: string
  width: number
  height: number
  bytes: number
  uploaded_by: string
  created_at: Timestamp
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

// ---- 积分制 (0003_points.sql) ----
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

/** 0013: grid/community boundaries and the people import (台账 fields without a place on users). */
export interface OrgUnitBoundariesTable {
  org_unit_id: string
  geometry: Json
  source_crs: string
  updated_by: string | null
  updated_at: Timestamp
}

export interface OrgUnitRingsTable {
  org_unit_id: string
  part: number
  ring: number
  is_hole: boolean
  /** PostgreSQL polygon literal '((lng,lat),…)' in GCJ-02 */
  shape: string
}

export interface PeopleProfilesTable {
  user_id: string
  lives_alone: boolean | null
  disabled: boolean | null
  emergency_contact: string | null
  source: string
  updated_by: string | null
  updated_at: Timestamp
}

export interface BoundaryPeopleTables {
  org_unit_boundaries: OrgUnitBoundariesTable
  org_unit_rings: OrgUnitRingsTable
  people_profiles: PeopleProfilesTable
}

export interface DB extends TimebankTables, BoundaryPeopleTables {
  org_units: OrgUnitsTable
  users: UsersTable
  role_assignments: RoleAssignmentsTable
  sms_codes: SmsCodesTable
  rate_limits: RateLimitsTable
  consents: ConsentsTable
  family_links: FamilyLinksTable
  family_bind_codes: FamilyBindCodesTable
  audit_log: AuditLogTable
  auth_failures: AuthFailuresTable
  revoked_sessions: RevokedSessionsTable
  known_devices: KnownDevicesTable
  notices: NoticesTable
  outbox: OutboxTable
  jobs: JobsTable
  idempotency_keys: IdempotencyKeysTable
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
  org_unit_geo: OrgUnitGeoTable
  report_category_settings: ReportCategorySettingsTable
  street_settings: StreetSettingsTable
  uploads: UploadsTable
  report_numbers: ReportNumbersTable
  reports: ReportsTable
  report_photos: ReportPhotosTable
  report_events: ReportEventsTable
  report_supporters: ReportSupportersTable
  open311_keys: Open311KeysTable
  checkup_campaigns: CheckupCampaignsTable
  checkup_sessions: CheckupSessionsTable
  checkup_bookings: CheckupBookingsTable
  checkup_waitlist: CheckupWaitlistTable
  checkup_home_visits: CheckupHomeVisitsTable
}
