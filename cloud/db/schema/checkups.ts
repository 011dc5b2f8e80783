import type { Generated } from 'kysely'
import type { Timestamp } from './columns'

/** 体检预约: 0004, 0010, 0011. */

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

export interface CheckupsTables {
  checkup_campaigns: CheckupCampaignsTable
  checkup_sessions: CheckupSessionsTable
  checkup_bookings: CheckupBookingsTable
  checkup_waitlist: CheckupWaitlistTable
  checkup_home_visits: CheckupHomeVisitsTable
}
