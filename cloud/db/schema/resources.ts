import type { ColumnType, Generated } from 'kysely'
import type { Timestamp, Json } from './columns'

/** Kysely's view of migrations/0027_resources.sql (跨社区资源共享, 社区社会组织). */

type NullableTime = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>

export interface OrganisationsTable {
  id: string
  host_community_id: string
  name: string
  kind: 'volunteer' | 'elderly_care' | 'youth' | 'culture' | 'sports' | 'other'
  description: Generated<string>
  status: 'pending' | 'verified' | 'rejected'
  registered_by: string
  decided_by: string | null
  decided_at: NullableTime
  decision_note: string | null
  created_at: Timestamp
}

export interface OrganisationMembersTable {
  organisation_id: string
  user_id: string
  role: 'leader' | 'member'
  added_by: string
  joined_at: Timestamp
}

export interface ResourcesTable {
  id: string
  community_id: string
  kind: 'room' | 'hall' | 'court' | 'equipment' | 'service'
  name: string
  description: Generated<string>
  rules: Generated<string>
  address: Generated<string>
  photos: Json<string[]>
  capacity: number
  /** generated: rooms, halls and courts take one booking at a time */
  exclusive: ColumnType<boolean, never, never>
  open_from: ColumnType<string, string | undefined, string>
  open_until: ColumnType<string, string | undefined, string>
  max_minutes: Generated<number>
  audience: 'own' | 'street' | 'organisations'
  needs_approval: Generated<boolean>
  active: Generated<boolean>
  created_by: string | null
  created_at: Timestamp
}

export interface ResourceBookingsTable {
  id: string
  resource_id: string
  community_id: string
  user_id: string
  organisation_id: string | null
  series_id: string
  week_index: Generated<number>
  starts_at: Timestamp
  ends_at: Timestamp
  /** generated tstzrange of [starts_at, ends_at): read it through starts_at / ends_at */
  during: ColumnType<string, never, never>
  quantity: Generated<number>
  exclusive: boolean
  status: 'pending' | 'approved' | 'refused' | 'cancelled' | 'checked_in' | 'no_show'
  purpose: Generated<string>
  decided_by: string | null
  decided_at: NullableTime
  decision_note: string | null
  checked_in_at: NullableTime
  checked_in_by: string | null
  cancelled_at: NullableTime
  created_at: Timestamp
}

export interface ResourceSuspensionsTable {
  id: string
  user_id: string
  from_at: Timestamp
  until_at: Timestamp
  no_shows: number
  created_at: Timestamp
}

export interface OrganisationActivitiesTable {
  id: string
  organisation_id: string
  title: string
  description: Generated<string>
  place: Generated<string>
  starts_at: Timestamp
  ends_at: Timestamp
  booking_id: string | null
  created_by: string
  created_at: Timestamp
}

export interface OrganisationAttendanceTable {
  activity_id: string
  user_id: string
  checked_in_at: Timestamp
}

export interface ResourcesTables {
  organisations: OrganisationsTable
  organisation_members: OrganisationMembersTable
  resources: ResourcesTable
  resource_bookings: ResourceBookingsTable
  resource_suspensions: ResourceSuspensionsTable
  organisation_activities: OrganisationActivitiesTable
  organisation_attendance: OrganisationAttendanceTable
}
