import type { Kdb } from '../../db/db'
import { newId } from '../../platform/ids'
import type { TAuditQuery } from '../../../types/admin'

/** The admin audit log: written by every admin action, read under the caller's scopes. */

export interface AuditInput {
  actorId: string
  subjectId?: string | null
  action: string
  details?: Record<string, unknown>
  /** the org unit path the action concerns: who may read it later */
  scopePath: string | null
  now: Date
}

export async function writeAudit(db: Kdb, a: AuditInput): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({ id: newId(), actor_id: a.actorId, subject_id: a.subjectId ?? null, action: a.action, details: JSON.stringify(a.details ?? {}), scope_path: a.scopePath, created_at: a.now })
    .execute()
}

/** The admin audit log under the caller's scopes, newest first; cursor = last id (uuid v7 sorts by time). */
export async function listAudit(db: Kdb, paths: string[], q: TAuditQuery, range: { from: Date | null; to: Date | null }, limit: number) {
  let query = db
    .selectFrom('audit_log as a')
    .innerJoin('users as actor', 'actor.id', 'a.actor_id')
    .leftJoin('users as subject', 'subject.id', 'a.subject_id')
    .select(['a.id', 'a.created_at', 'a.actor_id', 'actor.name as actor_name', 'a.subject_id', 'subject.name as subject_name', 'a.action', 'a.details'])
    .where((eb) => eb.or(paths.map((p) => eb('a.scope_path', 'like', `${p}%`))))
  if (q.actorId) query = query.where('a.actor_id', '=', q.actorId)
  if (q.subjectId) query = query.where('a.subject_id', '=', q.subjectId)
  if (q.action) query = query.where('a.action', 'like', `%${q.action.replace(/[%_\\]/g, '\\$&')}%`)
  if (range.from) query = query.where('a.created_at', '>=', range.from)
  if (range.to) query = query.where('a.created_at', '<', range.to)
  if (q.cursor) query = query.where('a.id', '<', q.cursor)
  return query.orderBy('a.id', 'desc').limit(limit).execute()
}
