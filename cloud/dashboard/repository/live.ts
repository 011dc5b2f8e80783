import { sql } from 'kysely'
import type { Kdb } from '../../db/db'
import { OPEN_STATUSES } from '../../../types/reports'
import { shanghaiTime } from '../../platform/clock'
import { addDays, nextDay } from '../dashboard.dates'
import { reportFilter, type ReportFilter } from './daily'

/** Figures that describe the state now, not a period: read live, each one query on an index. */

export interface ScopeUnit {
  id: string
  name: string
  kind: string
  path: string
}

export async function findUnit(db: Kdb, id: string): Promise<ScopeUnit | null> {
  const row = await db.selectFrom('org_units').select(['id', 'name', 'kind', 'path']).where('id', '=', id).executeTakeFirst()
  return row ?? null
}

/** The communities at or under a unit (a community is its own only one). */
export async function communitiesUnder(db: Kdb, path: string): Promise<string[]> {
  const rows = await db.selectFrom('org_units').select('id').where('kind', '=', 'community').where('path', 'like', `${path}%`).execute()
  return rows.map((r) => r.id)
}

export async function communityNames(db: Kdb, ids: string[]): Promise<{ id: string; name: string }[]> {
  if (ids.length === 0) return []
  return db.selectFrom('org_units').select(['id', 'name']).where('id', 'in', ids).orderBy('path').execute()
}

function openReports(filter: ReportFilter) {
  return sql`r.status = ANY(${[...OPEN_STATUSES]}::text[]) AND ${reportFilter(filter)}`
}

export async function overdueNow(db: Kdb, filter: ReportFilter, now: Date): Promise<number> {
  const row = await sql<{ n: number }>`SELECT count(*)::int AS n FROM reports r WHERE ${openReports(filter)} AND r.deadline_at < ${now}`.execute(db)
  return row.rows[0].n
}

/** Overdue open reports by the grid they are in and by the department holding them. */
export async function overdueBreakdown(db: Kdb, filter: ReportFilter, now: Date) {
  const [byGrid, byDepartment] = await Promise.all([
    sql<{ orgUnitId: string; name: string; count: number }>`
      SELECT r.grid_id AS "orgUnitId", g.name, count(*)::int AS count
      FROM reports r JOIN org_units g ON g.id = r.grid_id
      WHERE ${openReports(filter)} AND r.deadline_at < ${now}
      GROUP BY r.grid_id, g.name ORDER BY count DESC, g.name LIMIT 20`.execute(db),
    sql<{ orgUnitId: string; name: string; count: number }>`
      SELECT r.department_id AS "orgUnitId", d.name, count(*)::int AS count
      FROM reports r JOIN org_units d ON d.id = r.department_id
      WHERE ${openReports(filter)} AND r.deadline_at < ${now} AND r.status = 'dispatched'
      GROUP BY r.department_id, d.name ORDER BY count DESC, d.name LIMIT 20`.execute(db),
  ])
  return { byGrid: byGrid.rows, byDepartment: byDepartment.rows }
}

/** Overdue open reports per community (the table under a street or 片区). */
export async function overdueByCommunity(db: Kdb, filter: ReportFilter, now: Date): Promise<Map<string, number>> {
  const rows = await sql<{ community_id: string; n: number }>`
    SELECT r.community_id, count(*)::int AS n FROM reports r WHERE ${openReports(filter)} AND r.deadline_at < ${now} GROUP BY r.community_id`.execute(db)
  return new Map(rows.rows.map((r) => [r.community_id, r.n]))
}

function received(filter: ReportFilter, fromDay: string, toDay: string) {
  return sql`r.created_at >= ${shanghaiTime(fromDay)} AND r.created_at < ${shanghaiTime(nextDay(toDay))} AND ${reportFilter(filter)}`
}

export async function receivedByCategory(db: Kdb, filter: ReportFilter, fromDay: string, toDay: string) {
  const rows = await sql<{ category: string; count: number }>`
    SELECT r.category, count(*)::int AS count FROM reports r WHERE ${received(filter, fromDay, toDay)}
    GROUP BY r.category ORDER BY count DESC, r.category`.execute(db)
  return rows.rows
}

/** Reports received in the 30 days up to `toDay` (the hotspot window), with their place. */
export async function recentPlaces(db: Kdb, filter: ReportFilter, toDay: string) {
  const rows = await sql<{ id: string; category: string; lat: number; lng: number }>`
    SELECT r.id, r.category, r.lat, r.lng FROM reports r
    WHERE ${received(filter, addDays(toDay, -29), toDay)} AND r.status <> 'merged'`.execute(db)
  return rows.rows
}

/** Points in resident accounts of the communities that expire in the 30 days after `toDay`. */
export async function pointsExpiring(db: Kdb, communityIds: string[], toDay: string): Promise<number> {
  const row = await sql<{ n: number }>`
    SELECT coalesce(sum(l.remaining), 0)::bigint AS n
    FROM points_lots l JOIN points_accounts a ON a.id = l.account_id
    WHERE l.remaining > 0 AND l.expires_on > ${toDay}::date AND l.expires_on <= ${addDays(toDay, 30)}::date
      AND a.kind = 'resident' AND a.community_id = ANY(${communityIds}::uuid[])`.execute(db)
  return Number(row.rows[0].n)
}

/** Residents credited points (any earn) in the 30 days up to `toDay`. */
export async function activeResidents(db: Kdb, communityIds: string[], toDay: string): Promise<number> {
  const row = await sql<{ n: number }>`
    SELECT count(DISTINCT a.user_id)::int AS n
    FROM points_journals j
    JOIN points_entries en ON en.journal_id = j.id
    JOIN points_accounts a ON a.id = en.account_id AND a.kind = 'resident'
    WHERE j.kind = 'earn' AND j.created_at >= ${shanghaiTime(addDays(toDay, -29))} AND j.created_at < ${shanghaiTime(nextDay(toDay))}
      AND j.community_id = ANY(${communityIds}::uuid[])`.execute(db)
  return row.rows[0].n
}

export async function timebankNow(db: Kdb, communityIds: string[], fromDay: string, toDay: string, now: Date) {
  const row = await sql<{ open_over_48h: number; active_volunteers: number }>`
    SELECT
      (SELECT count(*)::int FROM timebank_requests t
        WHERE t.status = 'open' AND t.created_at < ${new Date(now.getTime() - 48 * 3_600_000)} AND t.community_id = ANY(${communityIds}::uuid[])) AS open_over_48h,
      (SELECT count(DISTINCT t.volunteer_id)::int FROM timebank_requests t
        WHERE t.status = 'confirmed' AND t.confirmed_at >= ${shanghaiTime(fromDay)} AND t.confirmed_at < ${shanghaiTime(nextDay(toDay))}
          AND t.community_id = ANY(${communityIds}::uuid[])) AS active_volunteers`.execute(db)
  return { openOver48h: row.rows[0].open_over_48h, activeVolunteers: row.rows[0].active_volunteers }
}

/**
 * This year's checkup coverage (the campaigns of the year of `toDay`): eligible elders (age on the
 * campaign's reference day), elders with a live or done booking made by the end of `toDay`, and no-shows.
 */
export async function checkupCoverage(db: Kdb, communityIds: string[], toDay: string) {
  const end = shanghaiTime(nextDay(toDay))
  const row = await sql<{ eligible: number; booked: number; no_shows: number }>`
    WITH c AS (
      SELECT id, community_id, min_age, age_on FROM checkup_campaigns
      WHERE year = ${Number(toDay.slice(0, 4))} AND community_id = ANY(${communityIds}::uuid[])
    )
    SELECT
      (SELECT count(*)::int FROM users u JOIN c ON c.community_id = u.community_id
        WHERE u.birth_date IS NOT NULL AND u.birth_date <= (c.age_on::date - make_interval(years => c.min_age))::date
          AND u.disabled_at IS NULL) AS eligible,
      (SELECT count(DISTINCT b.elder_id)::int FROM checkup_bookings b JOIN c ON c.id = b.campaign_id
        WHERE b.created_at < ${end} AND b.status <> 'cancelled') AS booked,
      (SELECT count(*)::int FROM checkup_bookings b JOIN c ON c.id = b.campaign_id
        WHERE b.status = 'no_show' AND b.updated_at < ${end}) AS no_shows`.execute(db)
  const r = row.rows[0]
  return { eligible: r.eligible, booked: r.booked, noShows: r.no_shows }
}
