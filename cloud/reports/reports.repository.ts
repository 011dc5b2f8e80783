import { sql, type Selectable, type Updateable } from 'kysely'
import type { Kdb } from '../db/db'
import type { ReportsTable } from '../db/schema'
import { newId } from '../platform/ids'
import { businessDate } from '../platform/clock'
import { OPEN } from './report-state'
import { routePoint } from '../org'

/** All SQL of the reports domain (随手拍). */

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

// ── geography and routing ──

export interface Route {
  streetId: string
  streetPath: string
  communityId: string
  gridId: string
  gridPath: string
}

/** Category × location → grid: the organisation's one routing rule (cloud/org/boundaries.repository.ts routePoint). */
export async function routeLocation(db: Kdb, lat: number, lng: number): Promise<Route | null> {
  return routePoint(db, lat, lng)
}

export async function categorySetting(db: Kdb, streetId: string, category: string) {
  return db
    .selectFrom('report_category_settings')
    .select(['limit_minutes', 'department_id', 'enabled', 'handler_level', 'duplicate_radius_m'])
    .where('street_id', '=', streetId)
    .where('category', '=', category)
    .executeTakeFirst()
}

/** A street's saved 随手拍 categories (管理 → 设置): display name and on/off per category code. */
export async function streetCategorySettings(db: Kdb, streetId: string) {
  return db.selectFrom('report_category_settings').select(['category', 'name', 'icon', 'enabled', 'limit_minutes']).where('street_id', '=', streetId).execute()
}

/** The street whose settings apply when no place is known: the only street there is, else none. */
export async function onlyStreetId(db: Kdb): Promise<string | null> {
  const rows = await db.selectFrom('org_units').select('id').where('kind', '=', 'street').where('closed_at', 'is', null).limit(2).execute()
  return rows.length === 1 ? rows[0].id : null
}

export async function findDepartmentByName(db: Kdb, streetId: string, name: string): Promise<string | null> {
  const row = await db.selectFrom('org_units').select('id').where('kind', '=', 'department').where('parent_id', '=', streetId).where('name', '=', name).executeTakeFirst()
  return row?.id ?? null
}

export async function findDepartment(db: Kdb, id: string, streetId: string) {
  return db.selectFrom('org_units').select(['id', 'name', 'path']).where('id', '=', id).where('kind', '=', 'department').where('parent_id', '=', streetId).executeTakeFirst()
}

export async function isGridWorkerIn(db: Kdb, userId: string, communityPath: string): Promise<boolean> {
  const row = await db
    .selectFrom('role_assignments as r')
    .innerJoin('org_units as o', 'o.id', 'r.org_unit_id')
    .select('r.id')
    .where('r.user_id', '=', userId)
    .where('r.role', '=', 'grid_worker')
    .where('o.path', 'like', `${communityPath}%`)
    .executeTakeFirst()
  return Boolean(row)
}

/** Staff to tell when a case lands at a unit (the unit's own roles; departments: department staff). */
export async function staffAt(db: Kdb, unitId: string, roles: readonly string[]): Promise<string[]> {
  const rows = await db.selectFrom('role_assignments').select('user_id').where('org_unit_id', '=', unitId).where('role', 'in', roles as string[]).execute()
  return [...new Set(rows.map((r) => r.user_id))]
}

/** The org unit that holds a case at a level: the grid, its community, 片区, or street (by path). */
export async function unitAtLevel(db: Kdb, gridPath: string, level: string): Promise<{ id: string; name: string } | null> {
  const ids = gridPath.split('/').filter(Boolean) // street, cluster, community, grid
  const index = { street: 0, cluster: 1, community: 2, grid: 3 }[level]
  if (index === undefined || !ids[index]) return null
  return (await db.selectFrom('org_units').select(['id', 'name']).where('id', '=', ids[index]).executeTakeFirst()) ?? null
}

// ── uploads ──

export async function insertUpload(db: Kdb, row: { key: string; thumbKey: string; width: number; height: number; bytes: number; uploadedBy: string; now: Date }) {
  await db
    .insertInto('uploads')
    .values({ key: row.key, thumb_key: row.thumbKey, width: row.width, height: row.height, bytes: row.bytes, uploaded_by: row.uploadedBy, created_at: row.now })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute()
}

export async function findUpload(db: Kdb, key: string) {
  return db.selectFrom('uploads').selectAll().where('key', '=', key).executeTakeFirst()
}

export async function existingUploads(db: Kdb, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set()
  const rows = await db.selectFrom('uploads').select('key').where('key', 'in', keys).execute()
  return new Set(rows.map((r) => r.key))
}

// ── reports ──

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
  e: { reportId: string; actorId: string | null; actorRole: string; action: string; from: string | null; to: string | null; level: string; reason?: string | null; public?: boolean; details?: Record<string, unknown>; now: Date },
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
  await tx.updateTable('reports').set((eb) => ({ ...set, version: eb('version', '+', 1) })).where('id', '=', id).execute()
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

// ── supporters (我也遇到) ──

export async function addSupporter(tx: Kdb, reportId: string, userId: string, now: Date): Promise<boolean> {
  const inserted = await tx
    .insertInto('report_supporters')
    .values({ report_id: reportId, user_id: userId, created_at: now })
    .onConflict((oc) => oc.columns(['report_id', 'user_id']).doNothing())
    .returning('user_id')
    .executeTakeFirst()
  if (inserted) await tx.updateTable('reports').set((eb) => ({ supporters: eb('supporters', '+', 1), updated_at: now })).where('id', '=', reportId).execute()
  return Boolean(inserted)
}

export async function isSupporter(db: Kdb, reportId: string, userId: string): Promise<boolean> {
  return Boolean(await db.selectFrom('report_supporters').select('user_id').where('report_id', '=', reportId).where('user_id', '=', userId).executeTakeFirst())
}

/** An active (not withdrawn) consent of this kind, e.g. 'location' for reporting with the phone's position. */
export async function hasConsent(db: Kdb, userId: string, kind: string): Promise<boolean> {
  const row = await db.selectFrom('consents').select('kind').where('user_id', '=', userId).where('kind', '=', kind).where('withdrawn_at', 'is', null).executeTakeFirst()
  return Boolean(row)
}

/** A person's WeChat openid (subscribe messages); null for H5-only and counter-registered people. */
export async function openidOf(db: Kdb, userId: string): Promise<string | null> {
  return (await db.selectFrom('users').select('wx_openid').where('id', '=', userId).executeTakeFirst())?.wx_openid ?? null
}

export async function supporterIds(db: Kdb, reportId: string): Promise<string[]> {
  return (await db.selectFrom('report_supporters').select('user_id').where('report_id', '=', reportId).execute()).map((r) => r.user_id)
}

// ── lists ──

const OPEN_SQL = sql.join(OPEN.map((s) => sql.lit(s)))

export interface SummaryRow {
  id: string
  number: string
  category: string
  description: string
  status: string
  level: string
  deadline_at: Date
  supporters: number
  created_at: Date
  grid_name: string
  community_name: string
  cluster_name: string | null
  street_name: string
  department_name: string | null
  thumb_key: string | null
  version: number
  distance?: number
}

const summarySelect = sql`
  r.id, r.number, r.category, r.description, r.status, r.level, r.deadline_at, r.supporters, r.created_at, r.version,
  g.name AS grid_name, c.name AS community_name, k.name AS cluster_name, s.name AS street_name, d.name AS department_name,
  (SELECT u.thumb_key FROM report_photos p JOIN uploads u ON u.key = p.key
     WHERE p.report_id = r.id AND p.kind = 'before' ORDER BY p.position LIMIT 1) AS thumb_key`
const summaryJoins = sql`
  JOIN org_units g ON g.id = r.grid_id JOIN org_units c ON c.id = r.community_id
  JOIN org_units s ON s.id = r.street_id LEFT JOIN org_units k ON k.id = c.parent_id
  LEFT JOIN org_units d ON d.id = r.department_id`

/**
 * Open reports of a category within `meters` of the caller, nearest first, measured to the
 * position residents are shown (rounded to 0.001° like report-view.ts toPublic's Math.round, about
 * 100 m), never to
 * the exact point, which would give a reporter's door away in a few queries from different places.
 * The gist index finds the candidates (a box `meters` + 100 m around the caller, enough for the
 * rounding); names and photos are joined for the `limit` nearest only.
 */
export async function nearbyReports(db: Kdb, lat: number, lng: number, meters: number, category: string | null, limit = 20): Promise<SummaryRow[]> {
  const r = await sql<SummaryRow>`
    WITH near AS (
      SELECT r.id, r.created_at, earth_distance(ll_to_earth(${lat}, ${lng}), ll_to_earth(floor(r.lat * 1000 + 0.5) / 1000, floor(r.lng * 1000 + 0.5) / 1000)) AS distance
      FROM reports r
      WHERE r.status IN (${OPEN_SQL})
        AND earth_box(ll_to_earth(${lat}, ${lng}), ${meters + 100}) @> ll_to_earth(r.lat, r.lng)
        ${category ? sql`AND r.category = ${category}` : sql``}),
    shown AS (
      SELECT id, distance FROM near WHERE distance <= ${meters}
      ORDER BY distance, created_at DESC, id LIMIT ${limit})
    SELECT ${summarySelect}, shown.distance
    FROM shown JOIN reports r ON r.id = shown.id ${summaryJoins}
    ORDER BY shown.distance, r.created_at DESC, r.id`.execute(db)
  return r.rows
}

function cursorOf(a: string, id: string) {
  return Buffer.from(`${a}|${id}`).toString('base64url')
}
export function parseCursor(cursor: string | undefined): { a: string; id: string } | null {
  if (!cursor) return null
  const [a, id] = Buffer.from(cursor, 'base64url').toString().split('|')
  if (!a || !id || !/^[0-9a-f-]{36}$/.test(id) || Number.isNaN(Date.parse(a))) return null
  return { a, id }
}

/** Newest first: a person's own reports, or a community's public list. */
export async function listReports(db: Kdb, where: { reporterId?: string; communityId?: string; openOnly?: boolean }, limit: number, cursor?: string) {
  const c = parseCursor(cursor)
  const r = await sql<SummaryRow>`
    SELECT ${summarySelect} FROM reports r ${summaryJoins}
    WHERE TRUE
      ${where.reporterId ? sql`AND r.reporter_id = ${where.reporterId}` : sql``}
      ${where.communityId ? sql`AND r.community_id = ${where.communityId}` : sql``}
      ${where.openOnly ? sql`AND r.status IN (${OPEN_SQL}, 'resolved')` : sql``}
      ${c ? sql`AND (r.created_at, r.id) < (${c.a}::timestamptz, ${c.id}::uuid)` : sql``}
    ORDER BY r.created_at DESC, r.id DESC LIMIT ${limit + 1}`.execute(db)
  const items = r.rows.slice(0, limit)
  const last = items.at(-1)
  return { items, nextCursor: r.rows.length > limit && last ? cursorOf(new Date(last.created_at).toISOString(), last.id) : null }
}

export interface QueueScope {
  paths: string[]
  departmentIds: string[]
}

function scopeSql(scope: QueueScope) {
  const parts = [
    ...scope.paths.map((p) => sql`r.scope_path LIKE ${`${p}%`}`),
    ...scope.departmentIds.map((d) => sql`r.department_id = ${d}`),
  ]
  return parts.length ? sql`(${sql.join(parts, sql` OR `)})` : sql`FALSE`
}

/** The grids under the caller's paths (a report's scope_path is its grid's path). */
function gridsSql(scope: QueueScope) {
  const paths = scope.paths.length ? sql.join(scope.paths.map((p) => sql`g.path LIKE ${`${p}%`}`), sql` OR `) : sql`FALSE`
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

// ── jobs ──

export async function reportsDueForAutoclose(db: Kdb, before: Date) {
  return db.selectFrom('reports').select('id').where('status', '=', 'resolved').where('resolved_at', '<=', before).execute()
}

/** Who a coordinator can hand work to: grid workers under their scope, departments of their street. */
export async function handoverOptions(db: Kdb, paths: string[]) {
  if (paths.length === 0) return { gridWorkers: [], departments: [] }
  const streetIds = [...new Set(paths.map((p) => p.split('/').filter(Boolean)[0]))]
  const [gridWorkers, departments] = await Promise.all([
    db
      .selectFrom('role_assignments as r')
      .innerJoin('org_units as o', 'o.id', 'r.org_unit_id')
      .innerJoin('users as u', 'u.id', 'r.user_id')
      .select(['u.id', 'u.name', 'o.name as unit_name'])
      .where('r.role', '=', 'grid_worker')
      .where((eb) => eb.or(paths.map((p) => eb('o.path', 'like', `${p}%`))))
      .orderBy('o.name')
      .execute(),
    db.selectFrom('org_units').select(['id', 'name']).where('kind', '=', 'department').where('parent_id', 'in', streetIds).orderBy('name').execute(),
  ])
  return { gridWorkers: gridWorkers.map((g) => ({ id: g.id, name: g.name, unitName: g.unit_name })), departments }
}
