import { sql } from 'kysely'
import type { Kdb } from '../../db/db'
import { cursorOf, OPEN_SQL, parseCursor, summaryJoins, summarySelect, type SummaryRow } from './lists'

/** The staff queue (工作台): a page in deadline order, badge counts, the xlsx export rows, stats. */

export interface QueueScope {
  paths: string[]
  departmentIds: string[]
}

function scopeSql(scope: QueueScope) {
  const parts = [...scope.paths.map((p) => sql`r.scope_path LIKE ${`${p}%`}`), ...scope.departmentIds.map((d) => sql`r.department_id = ${d}`)]
  return parts.length ? sql`(${sql.join(parts, sql` OR `)})` : sql`FALSE`
}

/** The grids under the caller's paths (a report's scope_path is its grid's path). */
function gridsSql(scope: QueueScope) {
  const paths = scope.paths.length
    ? sql.join(
        scope.paths.map((p) => sql`g.path LIKE ${`${p}%`}`),
        sql` OR `,
      )
    : sql`FALSE`
  return sql`SELECT g.id FROM org_units g WHERE g.kind = 'grid' AND (${paths})`
}

function departmentsSql(scope: QueueScope) {
  return scope.departmentIds.length ? sql`SELECT d.id FROM unnest(${scope.departmentIds}::uuid[]) AS d (id)` : sql`SELECT NULL::uuid AS id WHERE FALSE`
}

export interface QueueFilter {
  status?: string
  category?: string
  overdue?: boolean
  limit: number
  cursor?: string
}

function filterSql(q: QueueFilter, now: Date, c: { a: string; id: string } | null) {
  return sql`
    ${q.status ? sql`AND r.status = ${q.status}` : sql`AND r.status IN (${OPEN_SQL})`}
    ${q.category ? sql`AND r.category = ${q.category}` : sql``}
    ${q.overdue === true ? sql`AND r.deadline_at < ${now}` : q.overdue === false ? sql`AND r.deadline_at >= ${now}` : sql``}
    ${c ? sql`AND (r.deadline_at, r.id) > (${c.a}::timestamptz, ${c.id}::uuid)` : sql``}`
}

/**
 * Ids of one queue page, soonest deadline first, keyset-paged by (deadline, id). Each grid of the
 * scope (and each department) is read in deadline order from its own index range, at most one page
 * each, and the pieces are merged: the work is (grids × page), never the whole street.
 */
async function queueKeys(db: Kdb, scope: QueueScope, q: QueueFilter, now: Date, take: number) {
  const c = parseCursor(q.cursor)
  const f = filterSql(q, now, c)
  const r = await sql<{ id: string; deadline_at: Date }>`
    SELECT u.id, u.deadline_at FROM (
      SELECT k.id, k.deadline_at FROM (${gridsSql(scope)}) AS g CROSS JOIN LATERAL (
        SELECT r.id, r.deadline_at FROM reports r WHERE r.grid_id = g.id ${f}
        ORDER BY r.deadline_at, r.id LIMIT ${take}) AS k
      UNION
      SELECT k.id, k.deadline_at FROM (${departmentsSql(scope)}) AS d CROSS JOIN LATERAL (
        SELECT r.id, r.deadline_at FROM reports r WHERE r.department_id = d.id ${f}
        ORDER BY r.deadline_at, r.id LIMIT ${take}) AS k
    ) AS u ORDER BY u.deadline_at, u.id LIMIT ${take}`.execute(db)
  return r.rows
}

/**
 * Badges count up to this many (shown as 999+): a badge says "a lot", the exact figures per
 * community and 片区 are the stats page's job. Capping keeps a street's badges at a few thousand
 * index entries read however many cases are open.
 */
export const QUEUE_COUNT_CAP = 1000

/** Badge counts of the caller's open cases, each read from the queue indexes and stopped at the cap. */
async function queueCounts(db: Kdb, scope: QueueScope, now: Date) {
  const count = (where: ReturnType<typeof sql>) => {
    const branches = [
      ...(scope.paths.length ? [sql`SELECT r.id FROM (${gridsSql(scope)}) AS g JOIN reports r ON r.grid_id = g.id AND r.status IN (${OPEN_SQL}) ${where}`] : []),
      ...(scope.departmentIds.length ? [sql`SELECT r.id FROM (${departmentsSql(scope)}) AS d JOIN reports r ON r.department_id = d.id AND r.status IN (${OPEN_SQL}) ${where}`] : []),
    ]
    // UNION (dedupe) only when a case can be both in my grids and sent to my department
    return branches.length ? sql`(SELECT count(*)::int FROM (${sql.join(branches, sql` UNION `)} LIMIT ${QUEUE_COUNT_CAP}) AS x)` : sql`0`
  }
  const r = await sql<{ open: number; overdue: number; submitted: number }>`
    SELECT ${count(sql``)} AS open, ${count(sql`AND r.deadline_at < ${now}`)} AS overdue, ${count(sql`AND r.status = 'submitted'`)} AS submitted`.execute(db)
  return r.rows[0]
}

/** The staff queue: my scope, soonest deadline first; open cases unless a status is chosen. */
export async function queueReports(db: Kdb, scope: QueueScope, q: QueueFilter, now: Date) {
  const [keys, counts] = await Promise.all([queueKeys(db, scope, q, now, q.limit + 1), queueCounts(db, scope, now)])
  const page = keys.slice(0, q.limit)
  const items = page.length
    ? (
        await sql<SummaryRow>`
          SELECT ${summarySelect} FROM reports r ${summaryJoins}
          WHERE r.id IN (${sql.join(page.map((k) => sql`${k.id}::uuid`))})
          ORDER BY r.deadline_at, r.id`.execute(db)
      ).rows
    : []
  const last = items.at(-1)
  return {
    items,
    nextCursor: keys.length > q.limit && last ? cursorOf(new Date(last.deadline_at).toISOString(), last.id) : null,
    counts,
    countCap: QUEUE_COUNT_CAP,
  }
}

/** Every report of the queue that matches the filter, for the xlsx export (capped). */
export async function queueExportRows(db: Kdb, scope: QueueScope, q: Omit<QueueFilter, 'limit' | 'cursor'>, now: Date, max: number) {
  const keys = await queueKeys(db, scope, { ...q, limit: max }, now, max)
  if (keys.length === 0) return []
  const r = await sql<SummaryRow & { address: string | null; assignee_name: string | null; updated_at: Date }>`
    SELECT ${summarySelect}, r.address, r.updated_at, a.name AS assignee_name FROM reports r ${summaryJoins}
      LEFT JOIN users a ON a.id = r.assignee_id
    WHERE r.id IN (SELECT unnest(${keys.map((k) => k.id)}::uuid[]))
    ORDER BY r.deadline_at, r.id`.execute(db)
  return r.rows
}

/** Counts by status and overdue, per community and per 片区, inside the caller's scope. */
export async function reportStats(db: Kdb, scope: QueueScope, now: Date) {
  const r = await sql<{ unit_id: string; unit_name: string; kind: string; status: string; n: number; overdue: number }>`
    WITH x AS (
      SELECT r.community_id, c.parent_id AS cluster_id, r.status,
        (r.status IN (${OPEN_SQL}) AND r.deadline_at < ${now}) AS overdue
      FROM reports r JOIN org_units c ON c.id = r.community_id WHERE ${scopeSql(scope)})
    SELECT u.id AS unit_id, u.name AS unit_name, u.kind, x.status, count(*)::int AS n, count(*) FILTER (WHERE x.overdue)::int AS overdue
    FROM x JOIN org_units u ON u.id IN (x.community_id, x.cluster_id)
    GROUP BY u.id, u.name, u.kind, x.status ORDER BY u.kind, u.name`.execute(db)
  return r.rows
}
