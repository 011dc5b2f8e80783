import type { ColumnType, Generated } from 'kysely'
import type { CreatedAt, Timestamp } from './columns'

/** Kysely's view of migrations/0026_care.sql (独居老人关爱). */

export type TCareAlertKind = 'no_use' | 'flow' | 'quiet' | 'device'

export interface CareRuleDefaultsTable {
  community_id: string
  no_use_hours: Generated<number>
  flow_hours: Generated<number>
  flow_litres: Generated<number>
  quiet_litres: Generated<number>
  silent_hours: Generated<number>
  quiet_start: Generated<number>
  quiet_end: Generated<number>
  updated_at: Timestamp
}

export interface CareEnrolmentsTable {
  id: string
  elder_id: string
  meter_id: string
  community_id: string
  grid_id: string | null
  status: Generated<'active' | 'withdrawn'>
  consent_by: 'elder' | 'counter'
  consent_at: Timestamp
  consent_recorded_by: string
  no_use_hours: number | null
  flow_hours: number | null
  flow_litres: number | null
  quiet_litres: number | null
  silent_hours: number | null
  quiet_start: number | null
  quiet_end: number | null
  withdrawn_at: Timestamp | null
  withdrawn_by: string | null
  purge_after: Timestamp | null
  purged_at: Timestamp | null
  created_at: Timestamp
  version: Generated<number>
}

export interface CareAwayTable {
  id: string
  enrolment_id: string
  starts_at: Timestamp
  ends_at: Timestamp
  reason: Generated<string>
  created_by: string
  created_at: Timestamp
  cancelled_at: Timestamp | null
}

export interface CareReadingsTable {
  meter_id: string
  at: Timestamp
  total_litres: number
  flow_lpm: number | null
  battery: number | null
  received_at: Timestamp
  used_litres: number | null
  flag: 'backwards' | 'jump' | null
}

export interface CareHourlyTable {
  meter_id: string
  hour: Timestamp
  litres: number
}

export interface CareMeterStateTable {
  meter_id: string
  last_at: Timestamp
  last_use_at: Timestamp | null
  last_flag_at: Timestamp | null
  updated_at: Timestamp
}

export interface CareBaselinesTable {
  meter_id: string
  days: number
  hourly: ColumnType<number[], number[], number[]>
  first_use_hour: number | null
  computed_at: Timestamp
}

export interface CareAlertsTable {
  id: string
  enrolment_id: string
  elder_id: string
  kind: TCareAlertKind
  level: Generated<number>
  status: Generated<'open' | 'acknowledged' | 'closed'>
  reason: string
  evidence_since: Timestamp
  created_at: Timestamp
  escalate_at: Timestamp | null
  acknowledged_at: Timestamp | null
  acknowledged_by: string | null
  closed_at: Timestamp | null
  closed_by: string | null
  outcome: 'safe' | 'visited' | 'emergency' | 'false_alarm' | 'withdrawn' | null
  note: string | null
}

export interface CareAlertEventsTable {
  id: string
  alert_id: string
  action: 'raised' | 'notified' | 'escalated' | 'acknowledged' | 'checked_in' | 'closed' | 'threshold_widened'
  actor_id: string | null
  note: Generated<string>
  details: ColumnType<Record<string, unknown>, string | undefined, string>
  created_at: CreatedAt
}

/** 0030: one row per (alert, person, channel, rung) sent beyond the in-app notice. */
export interface CareDeliveriesTable {
  alert_id: string
  user_id: string
  channel: 'wechat' | 'sms'
  level: number
  sent_at: Date
}

export interface CareTables {
  care_rule_defaults: CareRuleDefaultsTable
  care_enrolments: CareEnrolmentsTable
  care_away: CareAwayTable
  care_readings: CareReadingsTable
  care_hourly: CareHourlyTable
  care_meter_state: CareMeterStateTable
  care_baselines: CareBaselinesTable
  care_alerts: CareAlertsTable
  care_alert_events: CareAlertEventsTable
  care_deliveries: CareDeliveriesTable
}
