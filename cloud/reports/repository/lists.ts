import { sql } from 'kysely'
import type { Kdb } from '../../db/db'
import { OPEN } from '../report-state'

/** Resident lists of reports: nearby, my own, a community's; the summary row every list shares. */

export const OPEN_SQL = sql.join(OPEN.map((s) => sql.lit(s)))

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

export const summarySelect = sql`
  r.id, r.number, r.category, r.description, r.status, r.level, r.deadline_at, r.supporters, r.created_at, r.version,
  g.name AS grid_name, c.name AS community_name, k.name AS cluster_name, s.name AS street_name, d.name AS department_name,
  (SELECT u.thumb_key FROM report_photos p JOIN uploads u ON u.key = p.key
     WHERE p.report_id = r.id AND p.kind = 'before' ORDER BY p.position LIMIT 1) AS thumb_key`
export const summaryJoins = sql`
  JOIN org_units g ON g.id = r.grid_id JOIN org_units c ON c.id = r.community_id
  JOIN org_units s ON s.id = r.street_id LEFT JOIN org_units k ON k.id = c.parent_id
  LEFT JOIN org_units d ON d.id = r.department_id`

/**
 * Open reports of a category within `meters` of the caller, nearest first, measured to the
 * position residents are shown (rounded to 0.001° like reports.mappers.ts toPublic's Math.round, about
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

export function cursorOf(a: string, id: string) {
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
