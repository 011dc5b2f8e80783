import { createHash } from 'node:crypto'
import { sql } from 'kysely'
import type { Kdb } from '../db/db'

/** All SQL of the Open311 adapter. */

export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex')
}

export async function findKey(db: Kdb, key: string) {
  return db.selectFrom('open311_keys').select(['street_id', 'user_id']).where('key_hash', '=', hashKey(key)).where('revoked_at', 'is', null).executeTakeFirst()
}

/** A community of the street named in a free-text address: its centre stands in for geocoding. */
export async function communityCentreByAddress(db: Kdb, streetId: string, address: string) {
  const r = await sql<{ lat: number; lng: number }>`
    SELECT g.center_lat AS lat, g.center_lng AS lng FROM org_units u JOIN org_unit_geo g ON g.org_unit_id = u.id
    JOIN org_units s ON s.id = ${streetId}
    WHERE u.kind = 'community' AND u.path LIKE s.path || '%'
      AND strpos(${address}, replace(u.name, '社区', '')) > 0
    LIMIT 1`.execute(db)
  return r.rows[0] ?? null
}

export interface Open311Row {
  id: string
  number: string
  category: string
  description: string
  status: string
  level: string
  lat: number
  lng: number
  created_at: Date
  updated_at: Date
  deadline_at: Date
  reject_reason: string | null
  resolution_note: string | null
  community_name: string
  grid_name: string
  cluster_name: string | null
  street_name: string
  department_name: string | null
  photo_key: string | null
}

export async function listOpen311Requests(db: Kdb, f: { numbers?: string[]; category?: string; start?: Date; end?: Date; statuses?: string[]; limit: number }): Promise<Open311Row[]> {
  const r = await sql<Open311Row>`
    SELECT r.id, r.number, r.category, r.description, r.status, r.level, r.lat, r.lng, r.created_at, r.updated_at, r.deadline_at,
      r.reject_reason, r.resolution_note, c.name AS community_name, g.name AS grid_name, k.name AS cluster_name, s.name AS street_name,
      d.name AS department_name,
      (SELECT p.key FROM report_photos p WHERE p.report_id = r.id AND p.kind = 'before' ORDER BY p.position LIMIT 1) AS photo_key
    FROM reports r JOIN org_units c ON c.id = r.community_id JOIN org_units g ON g.id = r.grid_id
    JOIN org_units s ON s.id = r.street_id LEFT JOIN org_units k ON k.id = c.parent_id LEFT JOIN org_units d ON d.id = r.department_id
    WHERE TRUE
      ${f.numbers ? sql`AND r.number IN (${sql.join(f.numbers)})` : sql``}
      ${f.category ? sql`AND r.category = ${f.category}` : sql``}
      ${f.start ? sql`AND r.created_at >= ${f.start}` : sql``}
      ${f.end ? sql`AND r.created_at <= ${f.end}` : sql``}
      ${f.statuses ? sql`AND r.status IN (${sql.join(f.statuses)})` : sql``}
    ORDER BY r.created_at DESC LIMIT ${f.limit}`.execute(db)
  return r.rows
}
