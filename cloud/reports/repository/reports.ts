import { sql, type Selectable, type Updateable } from 'kysely'
import type { Kdb } from '../../db/db'
import type { ReportsTable } from '../../db/schema'
import { newId } from '../../platform/ids'
import { businessDate } from '../../platform/clock'

/** The report (随手拍) aggregate: the row, its number, photos and event history, state changes. */

export type ReportRow = Selectable<ReportsTable>
export interface ReportWithNames extends ReportRow {
  community_name: string
  community_path: string
  grid_name: string
  cluster_name: string | null
  street_name: string
  department_name: string | null
  assignee_name: string | null
  reporter_name: string
  reporter_phone: string | null
}

/** SSP-YYYYMMDD-NNNN, counted per business day in one statement (no gaps from races). */
export async function nextReportNumber(tx: Kdb, now: Date): Promise<string> {
  const day = businessDate(now)
  const r = await sql<{ last: number }>`
    INSERT INTO report_numbers (day, last) VALUES (${day}, 1)
    ON CONFLICT (day) DO UPDATE SET last = report_numbers.last + 1 RETURNING last`.execute(tx)
  return `SSP-${day.replaceAll('-', '')}-${String(r.rows[0].last).padStart(4, '0')}`
}

export async function insertReport(
  tx: Kdb,
  row: Omit<ReportRow, 'level' | 'escalations' | 'reopen_count' | 'supporters' | 'version' | 'no_contact'> & { no_contact?: boolean; level?: 'grid' | 'community' },
) {
  await tx.insertInto('reports').values(row).execute()
}

export async function insertPhotos(tx: Kdb, reportId: string, kind: 'before' | 'after' | 'comment' | 'reopen', keys: string[], addedBy: string, now: Date) {
  if (keys.length === 0) return
  const start = await tx
    .selectFrom('report_photos')
    .select((eb) => eb.fn.coalesce(eb.fn.max('position'), sql<number>`-1`).as('p'))
    .where('report_id', '=', reportId)
    .where('kind', '=', kind)
    .executeTakeFirstOrThrow()
  await tx
    .insertInto('report_photos')
    .values(keys.map((key, i) => ({ report_id: reportId, key, kind, position: Number(start.p) + 1 + i, added_by: addedBy, created_at: now })))
    .execute()
}

export async function insertEvent(
  tx: Kdb,
  e: {
    reportId: string
    actorId: string | null
    actorRole: string
    action: string
    from: string | null
    to: string | null
    level: string
    reason?: string | null
    public?: boolean
    details?: Record<string, unknown>
    now: Date
  },
) {
  await tx
    .insertInto('report_events')
    .values({
      id: newId(),
      report_id: e.reportId,
      actor_id: e.actorId,
      actor_role: e.actorRole,
      action: e.action,
      from_status: e.from,
      to_status: e.to,
      level: e.level,
      reason: e.reason ?? null,
      public: e.public ?? true,
      details: JSON.stringify(e.details ?? {}),
      created_at: e.now,
    })
    .execute()
}

function withNames(db: Kdb) {
  return db
    .selectFrom('reports as r')
    .innerJoin('org_units as c', 'c.id', 'r.community_id')
    .innerJoin('org_units as g', 'g.id', 'r.grid_id')
    .innerJoin('org_units as s', 's.id', 'r.street_id')
    .leftJoin('org_units as k', 'k.id', 'c.parent_id')
    .leftJoin('org_units as d', 'd.id', 'r.department_id')
    .leftJoin('users as a', 'a.id', 'r.assignee_id')
    .innerJoin('users as p', 'p.id', 'r.reporter_id')
    .selectAll('r')
    .select([
      'c.name as community_name',
      'c.path as community_path',
      'g.name as grid_name',
      'k.name as cluster_name',
      's.name as street_name',
      'd.name as department_name',
      'a.name as assignee_name',
      'p.name as reporter_name',
      'p.phone as reporter_phone',
    ])
}

export async function findReport(db: Kdb, id: string): Promise<ReportWithNames | undefined> {
  return withNames(db).where('r.id', '=', id).executeTakeFirst()
}

/**
 * The one write of a state change: succeeds only if nobody moved the report since it was read
 * (same version, still in an allowed state). Returns false when a concurrent change won.
 */
export async function transitionReport(tx: Kdb, id: string, version: number, from: readonly string[], set: Updateable<ReportsTable>): Promise<boolean> {
  const updated = await tx
    .updateTable('reports')
    .set({ ...set, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('status', 'in', from as string[])
    .returning('id')
    .executeTakeFirst()
  return Boolean(updated)
}

export async function currentStatus(db: Kdb, id: string): Promise<string | null> {
  return (await db.selectFrom('reports').select('status').where('id', '=', id).executeTakeFirst())?.status ?? null
}

/** Locks a report row for a change that is not a state transition (support, merge target). */
export async function lockReport(tx: Kdb, id: string) {
  return tx.selectFrom('reports').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}

export async function bumpVersion(tx: Kdb, id: string, set: Updateable<ReportsTable> = {}) {
  await tx
    .updateTable('reports')
    .set((eb) => ({ ...set, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .execute()
}

export async function listEvents(db: Kdb, reportId: string, includeInternal: boolean) {
  let q = db.selectFrom('report_events').selectAll().where('report_id', '=', reportId)
  if (!includeInternal) q = q.where('public', '=', true)
  return q.orderBy('created_at').orderBy('id').execute()
}

export async function listPhotos(db: Kdb, reportIds: string[]) {
  if (reportIds.length === 0) return []
  return db
    .selectFrom('report_photos as p')
    .innerJoin('uploads as u', 'u.key', 'p.key')
    .select(['p.report_id', 'p.key', 'p.kind', 'p.position', 'u.thumb_key'])
    .where('p.report_id', 'in', reportIds)
    .orderBy('p.created_at')
    .orderBy('p.position')
    .execute()
}

export async function reportsDueForAutoclose(db: Kdb, before: Date) {
  return db.selectFrom('reports').select('id').where('status', '=', 'resolved').where('resolved_at', '<=', before).execute()
}
