import type { Generated } from 'kysely'
import type { Timestamp, Json } from './columns'

/** What every domain writes through cloud/platform/: audit, notices, outbox, jobs, idempotency, rate limits, uploads. */

/** Counters of cloud/platform/rate-limit.ts (migration 0018). */
export interface RateLimitsTable {
  key: string
  resets_at: Timestamp
  max_hits: number
  hits: number
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

export interface UploadsTable {
  key: string
  thumb_key: string
  width: number
  height: number
  bytes: number
  uploaded_by: string
  created_at: Timestamp
}

export interface PlatformTables {
  rate_limits: RateLimitsTable
  audit_log: AuditLogTable
  notices: NoticesTable
  outbox: OutboxTable
  jobs: JobsTable
  idempotency_keys: IdempotencyKeysTable
  uploads: UploadsTable
}
