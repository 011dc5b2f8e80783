import { sql } from 'kysely'
import type { Kdb } from '../../db/db'
import type { TCareThresholds, TEnrolment } from '../../../types/care'

export interface ElderRow {
  id: string
  name: string
  community_id: string | null
  community_path: string | null
}

export async function findElder(db: Kdb, elderId: string): Promise<ElderRow | undefined> {
  return db
    .selectFrom('users as u')
    .leftJoin('org_units as c', 'c.id', 'u.community_id')
    .select(['u.id', 'u.name', 'u.community_id', 'c.path as community_path'])
    .where('u.id', '=', elderId)
    .executeTakeFirst()
}

export async function findGrid(db: Kdb, gridId: string) {
  return db.selectFrom('org_units').select(['id', 'parent_id', 'path', 'kind']).where('id', '=', gridId).executeTakeFirst()
}

const enrolmentColumns = [
  'e.id',
  'e.elder_id',
  'u.name as elder_name',
  'e.meter_id',
  'e.community_id',
  'e.grid_id',
  'e.status',
  'e.consent_by',
  'e.consent_at',
  'e.withdrawn_at',
  'e.purge_after',
  'e.no_use_hours',
  'e.flow_hours',
  'e.flow_litres',
  'e.quiet_litres',
  'e.silent_hours',
  'e.quiet_start',
  'e.quiet_end',
  'e.created_at',
  'm.last_at',
  'c.path as community_path',
  'g.path as grid_path',
] as const

function baseQuery(db: Kdb) {
  return db
    .selectFrom('care_enrolments as e')
    .innerJoin('users as u', 'u.id', 'e.elder_id')
    .innerJoin('org_units as c', 'c.id', 'e.community_id')
    .leftJoin('org_units as g', 'g.id', 'e.grid_id')
    .leftJoin('care_meter_state as m', 'm.meter_id', 'e.meter_id')
    .select(enrolmentColumns)
}

export type EnrolmentRow = Awaited<ReturnType<typeof findEnrolment>> & object

export async function findEnrolment(db: Kdb, id: string) {
  return baseQuery(db).where('e.id', '=', id).executeTakeFirst()
}

/** The elder's current enrolment, else the latest withdrawn one. */
export async function findElderEnrolment(db: Kdb, elderId: string) {
  return baseQuery(db)
    .where('e.elder_id', '=', elderId)
    .orderBy(sql`e.status = 'active'`, 'desc')
    .orderBy('e.created_at', 'desc')
    .limit(1)
    .executeTakeFirst()
}

/** Enrolments under any of the given org paths (grid or community), active first. */
export async function listEnrolmentsIn(db: Kdb, paths: string[]) {
  if (!paths.length) return []
  return baseQuery(db)
    .where(sql<boolean>`coalesce(g.path, c.path) LIKE ANY(${paths.map((p) => `${p}%`)}::text[])`)
    .orderBy('e.status')
    .orderBy('e.created_at', 'desc')
    .limit(500)
    .execute()
}

export async function listAway(db: Kdb, enrolmentIds: string[], now: Date) {
  if (!enrolmentIds.length) return []
  return db
    .selectFrom('care_away')
    .select(['id', 'enrolment_id', 'starts_at', 'ends_at', 'reason'])
    .where('enrolment_id', 'in', enrolmentIds)
    .where('cancelled_at', 'is', null)
    .where('ends_at', '>', now)
    .orderBy('starts_at')
    .execute()
}

export function thresholdsOf(row: {
  no_use_hours: number | null
  flow_hours: number | null
  flow_litres: number | null
  quiet_litres: number | null
  silent_hours: number | null
  quiet_start: number | null
  quiet_end: number | null
}): TCareThresholds {
  return {
    noUseHours: row.no_use_hours,
    flowHours: row.flow_hours,
    flowLitres: row.flow_litres,
    quietLitres: row.quiet_litres,
    silentHours: row.silent_hours,
    quietStart: row.quiet_start,
    quietEnd: row.quiet_end,
  }
}

export function toEnrolment(row: EnrolmentRow, away: Awaited<ReturnType<typeof listAway>>): TEnrolment {
  return {
    id: row.id,
    elderId: row.elder_id,
    elderName: row.elder_name,
    meterId: row.meter_id,
    communityId: row.community_id,
    gridId: row.grid_id,
    status: row.status,
    consentBy: row.consent_by,
    consentAt: new Date(row.consent_at).toISOString(),
    withdrawnAt: row.withdrawn_at ? new Date(row.withdrawn_at).toISOString() : null,
    purgeAfter: row.purge_after ? new Date(row.purge_after).toISOString() : null,
    thresholds: thresholdsOf(row),
    lastReadingAt: row.last_at ? new Date(row.last_at).toISOString() : null,
    away: away.filter((a) => a.enrolment_id === row.id).map((a) => ({ id: a.id, startsAt: new Date(a.starts_at).toISOString(), endsAt: new Date(a.ends_at).toISOString(), reason: a.reason })),
    createdAt: new Date(row.created_at).toISOString(),
  }
}

/** Daily litres over the last days (Shanghai calendar), from the hourly rollup — the family's chart. */
export async function dailyLitres(db: Kdb, meterId: string, from: Date, to: Date): Promise<{ date: string; litres: number }[]> {
  const result = await sql<{ date: string; litres: number }>`
    SELECT to_char(d, 'YYYY-MM-DD') AS date, coalesce(sum(h.litres), 0)::float8 AS litres
    FROM generate_series((${from}::timestamptz AT TIME ZONE 'Asia/Shanghai')::date, (${to}::timestamptz AT TIME ZONE 'Asia/Shanghai')::date, interval '1 day') AS d
    LEFT JOIN care_hourly h ON h.meter_id = ${meterId} AND (h.hour AT TIME ZONE 'Asia/Shanghai')::date = d::date
    GROUP BY d ORDER BY d`.execute(db)
  return result.rows
}
