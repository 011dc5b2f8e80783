import { sql, type Insertable } from 'kysely'
import type { ReportsTable } from '../db/schema'
import type { Kdb } from '../db/db'
import { newId } from '../platform/ids'
import type { Checkpoint } from './sources'

/** All SQL of the LeanCloud import that is not a call into another domain's repository. */

export interface CommunityRow {
  id: string
  name: string
  path: string
  streetId: string
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** A community by id, or by its name (e.g. 东湖社区) when that name is unique. */
export async function findCommunities(db: Kdb, idOrName: string): Promise<CommunityRow[]> {
  const q = db.selectFrom('org_units').select(['id', 'name', 'path']).where('kind', '=', 'community')
  const rows = await (UUID.test(idOrName) ? q.where('id', '=', idOrName) : q.where('name', '=', idOrName)).execute()
  return rows.map((r) => ({ id: r.id, name: r.name, path: r.path, streetId: r.path.split('/')[1] }))
}

export interface GridRow {
  id: string
  path: string
  lat: number | null
  lng: number | null
}

export async function communityGrids(db: Kdb, communityId: string): Promise<GridRow[]> {
  const rows = await db
    .selectFrom('org_units as u')
    .leftJoin('org_unit_geo as g', 'g.org_unit_id', 'u.id')
    .select(['u.id', 'u.path', 'g.center_lat', 'g.center_lng'])
    .where('u.kind', '=', 'grid')
    .where('u.parent_id', '=', communityId)
    .orderBy('u.path')
    .execute()
  return rows.map((r) => ({ id: r.id, path: r.path, lat: r.center_lat, lng: r.center_lng }))
}

// ---- external ids ----

export interface ExternalId {
  objectId: string
  targetTable: string
  targetId: string | null
}

/** Which of these objects were imported before (→ our id). */
export async function knownObjects(tx: Kdb, app: string, className: string, objectIds: string[]): Promise<Map<string, string | null>> {
  if (objectIds.length === 0) return new Map()
  const r = await sql<{ object_id: string; target_id: string | null }>`
    SELECT object_id, target_id FROM leancloud_external_ids
    WHERE source_app = ${app} AND class_name = ${className} AND object_id = ANY(${objectIds}::text[])`.execute(tx)
  return new Map(r.rows.map((x) => [x.object_id, x.target_id]))
}

/** Our ids of pointed-at objects, per "Class/objectId". */
export async function resolvePointers(tx: Kdb, app: string, refs: { className: string; objectId: string }[]): Promise<Map<string, string>> {
  if (refs.length === 0) return new Map()
  const r = await sql<{ class_name: string; object_id: string; target_id: string }>`
    SELECT e.class_name, e.object_id, e.target_id FROM leancloud_external_ids e
    JOIN unnest(${refs.map((x) => x.className)}::text[], ${refs.map((x) => x.objectId)}::text[]) AS p(class_name, object_id)
      ON e.class_name = p.class_name AND e.object_id = p.object_id
    WHERE e.source_app = ${app} AND e.target_id IS NOT NULL`.execute(tx)
  return new Map(r.rows.map((x) => [`${x.class_name}/${x.object_id}`, x.target_id]))
}

export async function insertExternalIds(tx: Kdb, app: string, className: string, communityId: string, rows: ExternalId[], now: Date): Promise<void> {
  if (rows.length === 0) return
  await sql`
    INSERT INTO leancloud_external_ids (source_app, class_name, object_id, community_id, target_table, target_id, imported_at)
    SELECT ${app}, ${className}, r.object_id, ${communityId}::uuid, r.target_table, r.target_id, ${now}::timestamptz
    FROM unnest(${rows.map((r) => r.objectId)}::text[], ${rows.map((r) => r.targetTable)}::text[], ${rows.map((r) => r.targetId)}::uuid[])
      AS r(object_id, target_table, target_id)`.execute(tx)
}

export async function countExternalIds(db: Kdb, app: string): Promise<Record<string, number>> {
  const r = await sql<{ class_name: string; n: number }>`
    SELECT class_name, count(*)::int AS n FROM leancloud_external_ids WHERE source_app = ${app} GROUP BY class_name`.execute(db)
  return Object.fromEntries(r.rows.map((x) => [x.class_name, x.n]))
}

// ---- checkpoints ----

export async function loadCheckpoint(db: Kdb, app: string, className: string): Promise<(Checkpoint & { rowsSeen: number }) | null> {
  const r = await sql<{ last_created_at: Date; last_object_id: string; rows_seen: number }>`
    SELECT last_created_at, last_object_id, rows_seen FROM import_checkpoints WHERE source_app = ${app} AND class_name = ${className}`.execute(db)
  const row = r.rows[0]
  return row ? { createdAt: new Date(row.last_created_at).toISOString(), objectId: row.last_object_id, rowsSeen: Number(row.rows_seen) } : null
}

export async function saveCheckpoint(tx: Kdb, app: string, className: string, cp: Checkpoint, rows: number, now: Date): Promise<void> {
  await sql`
    INSERT INTO import_checkpoints (source_app, class_name, last_created_at, last_object_id, rows_seen, updated_at)
    VALUES (${app}, ${className}, ${cp.createdAt}::timestamptz, ${cp.objectId}, ${rows}, ${now})
    ON CONFLICT (source_app, class_name) DO UPDATE SET last_created_at = EXCLUDED.last_created_at,
      last_object_id = EXCLUDED.last_object_id, rows_seen = import_checkpoints.rows_seen + EXCLUDED.rows_seen, updated_at = EXCLUDED.updated_at`.execute(tx)
}

// ---- people ----

export async function findUserByLogin(tx: Kdb, phone: string | null, openid: string | null): Promise<string | null> {
  if (!phone && !openid) return null
  let q = tx.selectFrom('users').select('id')
  q = q.where((eb) => eb.or([...(phone ? [eb('phone', '=', phone)] : []), ...(openid ? [eb('wx_openid', '=', openid)] : [])]))
  const row = await q.orderBy('created_at').executeTakeFirst()
  return row?.id ?? null
}

export async function insertResident(
  tx: Kdb,
  u: { id: string; name: string; phone: string | null; openid: string | null; unionid: string | null; communityId: string; createdAt: Date; now: Date },
): Promise<void> {
  await tx.insertInto('users').values({ id: u.id, name: u.name, phone: u.phone, wx_openid: u.openid, wx_unionid: u.unionid, community_id: u.communityId, created_at: u.createdAt }).execute()
  await tx.insertInto('role_assignments').values({ id: newId(), user_id: u.id, role: 'resident', org_unit_id: u.communityId, created_at: u.now }).execute()
}

/**
 * The account that signs imported ledger corrections (the ledger wants an actor on adjustments):
 * one per source app and community, found through the external-id table.
 */
export async function ensureImporter(tx: Kdb, app: string, communityId: string, now: Date): Promise<string> {
  const found = await knownObjects(tx, app, '_importer', [communityId])
  const id = found.get(communityId)
  if (id) return id
  const userId = newId()
  await tx.insertInto('users').values({ id: userId, name: '数据迁移（LeanCloud）', community_id: communityId, created_at: now }).execute()
  await insertExternalIds(tx, app, '_importer', communityId, [{ objectId: communityId, targetTable: 'users', targetId: userId }], now)
  return userId
}

// ---- checkups ----

export async function findOrCreateCampaign(tx: Kdb, c: { communityId: string; year: number; createdBy: string; now: Date }): Promise<string> {
  const existing = await tx.selectFrom('checkup_campaigns').select('id').where('community_id', '=', c.communityId).where('year', '=', c.year).executeTakeFirst()
  if (existing) return existing.id
  const id = newId()
  await tx
    .insertInto('checkup_campaigns')
    .values({
      id,
      community_id: c.communityId,
      year: c.year,
      title: `${c.year}年老年人健康体检（迁移）`,
      age_on: `${c.year}-12-31`,
      release_at: c.now,
      status: 'closed',
      created_by: c.createdBy,
      created_at: c.now,
    })
    .execute()
  return id
}

export async function findOrCreateSession(tx: Kdb, s: { campaignId: string; startsAt: Date; endsAt: Date; place: string; now: Date }): Promise<string> {
  const existing = await tx.selectFrom('checkup_sessions').select('id').where('campaign_id', '=', s.campaignId).where('starts_at', '=', s.startsAt).where('place', '=', s.place).executeTakeFirst()
  if (existing) return existing.id
  const id = newId()
  await tx
    .insertInto('checkup_sessions')
    .values({ id, campaign_id: s.campaignId, starts_at: s.startsAt, ends_at: s.endsAt, place: s.place, capacity: 0, booked: 0, status: 'closed', created_at: s.now })
    .execute()
  return id
}

/** An imported active booking brings its own place: capacity and booked rise together in one statement. */
export async function addImportedPlace(tx: Kdb, sessionId: string): Promise<boolean> {
  const r = await sql<{ id: string }>`
    UPDATE checkup_sessions SET capacity = capacity + 1, booked = booked + 1
    WHERE id = ${sessionId} AND capacity < 1000 RETURNING id`.execute(tx)
  return r.rows.length === 1
}

export async function insertImportedBooking(
  tx: Kdb,
  b: { id: string; campaignId: string; sessionId: string; elderId: string; status: 'booked' | 'done' | 'cancelled' | 'no_show'; code: string; startsAt: Date; createdAt: Date; updatedAt: Date },
): Promise<void> {
  await tx
    .insertInto('checkup_bookings')
    .values({
      id: b.id,
      campaign_id: b.campaignId,
      session_id: b.sessionId,
      elder_id: b.elderId,
      status: b.status,
      channel: 'counter',
      booked_by: b.elderId,
      check_in_code: b.code,
      override_reason: '从 LeanCloud 迁移',
      created_at: b.createdAt,
      updated_at: b.updatedAt,
      cancelled_at: b.status === 'cancelled' ? b.updatedAt : null,
      cancelled_by: b.status === 'cancelled' ? b.elderId : null,
      done_at: b.status === 'done' ? b.startsAt : null,
    })
    .execute()
}

// ---- points ----

/** What this source app's imported journals already put on a resident's points account. */
export async function importedPointsOn(tx: Kdb, app: string, accountId: string): Promise<number> {
  const r = await sql<{ total: number | null }>`
    SELECT sum(e.amount)::bigint AS total FROM points_entries e
    JOIN leancloud_external_ids x ON x.target_table = 'points_journals' AND x.target_id = e.journal_id AND x.source_app = ${app}
    WHERE e.account_id = ${accountId} AND e.bucket = 'available'`.execute(tx)
  return Number(r.rows[0]?.total ?? 0)
}

// ---- reports ----

/**
 * Report numbers SSP-YYYYMMDD-NNNN for a list of business days (one per report, in order): each day's
 * counter moves by its count in one statement, so numbers stay gapless and unique beside live traffic.
 */
export async function takeReportNumbers(tx: Kdb, days: string[]): Promise<string[]> {
  const counts = new Map<string, number>()
  for (const d of days) counts.set(d, (counts.get(d) ?? 0) + 1)
  const r = await sql<{ day: string; last: number }>`
    INSERT INTO report_numbers (day, last)
    SELECT d, n FROM unnest(${[...counts.keys()]}::date[], ${[...counts.values()]}::int[]) AS t(d, n)
    ON CONFLICT (day) DO UPDATE SET last = report_numbers.last + EXCLUDED.last
    RETURNING to_char(day, 'YYYY-MM-DD') AS day, last`.execute(tx)
  const next = new Map(r.rows.map((x) => [x.day, Number(x.last) - counts.get(x.day)! + 1]))
  return days.map((d) => {
    const n = next.get(d)!
    next.set(d, n + 1)
    return `SSP-${d.replaceAll('-', '')}-${String(n).padStart(4, '0')}`
  })
}

export async function insertReports(tx: Kdb, rows: Insertable<ReportsTable>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500)
    await tx
      .insertInto('reports')
      .values(rows.slice(i, i + 500))
      .execute()
}

/** The public timeline's first event of an imported report: "从 LeanCloud 迁移" and any note. */
export async function insertImportEvents(tx: Kdb, events: { reportId: string; toStatus: string; reason: string; details: Record<string, unknown>; at: Date }[]): Promise<void> {
  for (let i = 0; i < events.length; i += 500) {
    await tx
      .insertInto('report_events')
      .values(
        events.slice(i, i + 500).map((e) => ({
          id: newId(),
          report_id: e.reportId,
          actor_id: null,
          actor_role: 'system',
          action: 'import',
          from_status: null,
          to_status: e.toStatus,
          level: 'grid',
          reason: e.reason,
          public: true,
          details: JSON.stringify(e.details),
          created_at: e.at,
        })),
      )
      .execute()
  }
}

/** Jobs scheduled in one statement (imported open reports get the same escalation job a new report does). */
export async function scheduleJobs(tx: Kdb, jobs: { kind: string; runAt: Date; payload: Record<string, unknown>; dedupeKey: string }[], now: Date): Promise<void> {
  for (let i = 0; i < jobs.length; i += 500) {
    await tx
      .insertInto('jobs')
      .values(jobs.slice(i, i + 500).map((j) => ({ id: newId(), kind: j.kind, run_at: j.runAt, payload: JSON.stringify(j.payload), dedupe_key: j.dedupeKey, created_at: now })))
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .execute()
  }
}

// ── one row at a time (the careful path): each row behind a savepoint, so a refused row goes alone ──

export async function markRow(tx: Kdb): Promise<void> {
  await sql.raw('SAVEPOINT lc_row').execute(tx)
}

export async function rollbackRow(tx: Kdb): Promise<void> {
  await sql.raw('ROLLBACK TO SAVEPOINT lc_row').execute(tx)
}

export async function releaseRow(tx: Kdb): Promise<void> {
  await sql.raw('RELEASE SAVEPOINT lc_row').execute(tx)
}
