import type { Generated } from 'kysely'
import type { Timestamp } from './columns'

/** Family binding (亲情账户): 0001, 0014. */

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

export interface FamilyTables {
  family_links: FamilyLinksTable
  family_bind_codes: FamilyBindCodesTable
}
