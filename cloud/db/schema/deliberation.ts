import type { ColumnType, Generated } from 'kysely'
import type { Timestamp, CreatedAt, Json } from './columns'

/** Kysely's view of migrations/0025_deliberation.sql (议事协商). numeric columns are read as strings. */

type Numeric = ColumnType<string | null, number | string | null | undefined, number | string | null>

export interface HousesTable {
  id: string
  org_unit_id: string
  label: string
  floor_area: Numeric
  created_at: CreatedAt
}

export interface HouseMembersTable {
  house_id: string
  user_id: string
  is_owner: Generated<boolean>
  created_at: CreatedAt
}

export interface DeliberationSettingsTable {
  community_id: string
  support_count: Generated<number>
  support_percent: ColumnType<string, number | string | undefined, number | string>
  min_supports: Generated<number>
  window_days: Generated<number>
  updated_by: string | null
  updated_at: CreatedAt
}

export type TopicStatusColumn = 'collecting' | 'triage' | 'accepted' | 'merged' | 'referred' | 'declined'

export type TopicCategoryColumn = 'parking' | 'property' | 'sanitation' | 'lift' | 'facilities' | 'dispute' | 'other'

export interface TopicsTable {
  id: string
  community_id: string
  scope_org_unit_id: string
  scope_path: string
  author_id: string
  by_staff: Generated<boolean>
  title: string
  description: string
  photo_keys: Generated<string[]>
  category: Generated<TopicCategoryColumn>
  lat: number | null
  lng: number | null
  status: Generated<TopicStatusColumn>
  threshold: number
  collect_until: Timestamp
  triaged_at: Timestamp | null
  department_id: string | null
  merged_into: string | null
  answer_reason: string | null
  answered_at: Timestamp | null
  created_at: Timestamp
}

export interface TopicSupportsTable {
  topic_id: string
  user_id: string
  created_at: Timestamp
}

export type TopicFollowsTable = TopicSupportsTable

export interface TopicAnswersTable {
  id: string
  topic_id: string
  staff_id: string
  decision: 'accepted' | 'merged' | 'referred' | 'declined'
  reason: string
  department_id: string | null
  merged_into: string | null
  created_at: Timestamp
}

export interface MeetingsTable {
  id: string
  community_id: string
  title: string
  starts_at: Timestamp
  place: string
  members: Json<{ role: string; name: string }[]>
  minutes: string | null
  published_at: Timestamp | null
  created_by: string
  created_at: Timestamp
}

export interface MeetingAgendaTable {
  meeting_id: string
  topic_id: string
  position: number
  decision: string | null
}

export interface MeetingAttendanceTable {
  meeting_id: string
  user_id: string
  signed_at: Timestamp
}

export interface VotesTable {
  id: string
  org_unit_id: string
  org_path: string
  community_id: string
  topic_id: string | null
  title: string
  description: Generated<string>
  kind: 'single' | 'multi' | 'budget'
  options: Json<{ label: string; cost: number | null }[]>
  budget: ColumnType<string | null, number | null | undefined, number | null>
  max_choices: number | null
  electorate: 'residents' | 'households' | 'owners'
  secret: boolean
  changeable: Generated<boolean>
  rule: Generated<'plurality' | 'majority' | 'art278_major' | 'art278_ordinary'>
  quorum_percent: Generated<number>
  opens_at: Timestamp
  closes_at: Timestamp
  electorate_fixed_at: Timestamp | null
  published_at: Timestamp | null
  published_results: Json<Record<string, unknown>> | null
  created_by: string
  created_at: Timestamp
}

export interface VoteElectorsTable {
  vote_id: string
  user_id: string
  elector_key: string
  floor_area: Numeric
}

export interface VoteParticipationTable {
  vote_id: string
  elector_key: string
  voter_id: string
  channel: 'online' | 'paper'
  entered_by: string | null
  id_checked: Generated<boolean>
  choices: number[] | null
  receipt_hash: string | null
  created_at: Timestamp
  updated_at: Timestamp
}

export interface VoteChoicesTable {
  id: Generated<string>
  vote_id: string
  receipt_hash: string
  choices: number[]
  floor_area: Numeric
}

export interface ActionItemsTable {
  id: string
  topic_id: string
  community_id: string
  title: string
  progress: Generated<number>
  created_by: string
  created_at: Timestamp
  updated_at: Timestamp
}

export interface ActionMilestonesTable {
  id: string
  item_id: string
  title: string
  progress: number
  note: Generated<string>
  photo_keys: Generated<string[]>
  created_by: string
  created_at: Timestamp
}

export interface DeliberationTables {
  houses: HousesTable
  house_members: HouseMembersTable
  deliberation_settings: DeliberationSettingsTable
  topics: TopicsTable
  topic_supports: TopicSupportsTable
  topic_follows: TopicFollowsTable
  topic_answers: TopicAnswersTable
  meetings: MeetingsTable
  meeting_agenda: MeetingAgendaTable
  meeting_attendance: MeetingAttendanceTable
  votes: VotesTable
  vote_electors: VoteElectorsTable
  vote_participation: VoteParticipationTable
  vote_choices: VoteChoicesTable
  action_items: ActionItemsTable
  action_milestones: ActionMilestonesTable
}
