import type { ColumnType, Generated } from 'kysely'
import type { Timestamp, CreatedAt } from './columns'

/** People, roles, logins and sessions: 0001, 0012, 0013 (people import), 0014 (security). */

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

export interface ConsentsTable {
  id: string
  user_id: string
  kind: string
  version: string
  accepted_at: Timestamp
  recorded_by: string | null
  withdrawn_at: Timestamp | null
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

/** 0013: 台账 fields of the people import that have no place on users. */
export interface PeopleProfilesTable {
  user_id: string
  lives_alone: boolean | null
  disabled: boolean | null
  emergency_contact: string | null
  source: string
  updated_by: string | null
  updated_at: Timestamp
}

export interface AccountsTables {
  users: UsersTable
  role_assignments: RoleAssignmentsTable
  sms_codes: SmsCodesTable
  consents: ConsentsTable
  auth_failures: AuthFailuresTable
  revoked_sessions: RevokedSessionsTable
  known_devices: KnownDevicesTable
  people_profiles: PeopleProfilesTable
}
