import type { AppDeps } from '../platform/context'
import type { Actor } from '../org'
import type { TAuditEntry, TAuditQuery } from '../../types/admin'
import { shanghaiTime } from '../platform/clock'
import { adminPaths } from './admin.policy'
import { listAudit } from './repository/audit'

/** The admin log of the caller's street or 片区: who did what for whom, newest first, filterable. */
export async function listAuditLog(deps: AppDeps, actor: Actor, q: TAuditQuery, max = q.limit): Promise<{ items: TAuditEntry[]; nextCursor: string | null }> {
  const paths = adminPaths(actor)
  // dates are Shanghai business days: 'to' includes the whole day
  const from = q.from ? shanghaiTime(q.from, '00:00') : null
  const to = q.to ? new Date(shanghaiTime(q.to, '00:00').getTime() + 86_400_000) : null
  const rows = await listAudit(deps.db.kysely, paths, q, { from, to }, max + 1)
  const page = rows.slice(0, max)
  return {
    items: page.map((r) => ({
      id: r.id,
      at: r.created_at.toISOString(),
      actorId: r.actor_id,
      actorName: r.actor_name,
      subjectId: r.subject_id,
      subjectName: r.subject_name,
      action: r.action,
      details: (typeof r.details === 'string' ? JSON.parse(r.details) : r.details) as Record<string, unknown>,
    })),
    nextCursor: rows.length > max ? page[page.length - 1].id : null,
  }
}
