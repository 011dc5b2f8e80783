import { sql } from 'kysely'
import type { Kdb } from '../../db/db'
import { OPEN_STATUSES } from '../../../types/reports'
import { shanghaiTime } from '../../platform/clock'
import { addDays, nextDay } from '../dashboard.dates'
import { earnersQuery, reportFilter, type ReportFilter } from './daily'

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

export interface OverdueNow {
  total: number
  byGrid: { orgUnitId: string; name: string; count: number }[]
  byDepartment: { orgUnitId: string; name: string; count: number }[]
  byCommunity: Map<string, number>
}

/**
 * Overdue open reports now, in one pass: the total (the figure "当前超期"), by the grid they are in,
 * by the department holding them (dispatched ones) and per community (the table under a street or 片区).
 */
export async function overdueNowBreakdown(db: Kdb, filter: ReportFilter, now: Date): Promise<OverdueNow> {
  const rows = await sql<{ community_id: string; grid_id: string | null; department_id: string | null; n: number }>`
    SELECT r.community_id, r.grid_id, CASE WHEN r.status = 'dispatched' THEN r.department_id END AS department_id, count(*)::int AS n
    FROM reports r WHERE ${openReports(filter)} AND r.deadline_at < ${now}
    GROUP BY 1, 2, 3`.execute(db)
  const add = (m: Map<string, number>, key: string | null, n: number) => key && m.set(key, (m.get(key) ?? 0) + n)
  const grids = new Map<string, number>()
  const departments = new Map<string, number>()
  const byCommunity = new Map<string, number>()
  let total = 0
  for (const r of rows.rows) {
    total += r.n
    add(grids, r.grid_id, r.n)
    add(departments, r.department_id, r.n)
    add(byCommunity, r.community_id, r.n)
  }
  const names = new Map((await communityNames(db, [...grids.keys(), ...departments.keys()])).map((u) => [u.id, u.name]))
  const top = (m: Map<string, number>) =>
    [...m]
      .map(([orgUnitId, count]) => ({ orgUnitId, name: names.get(orgUnitId) ?? '', count }))
      .sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .slice(0, 20)
  return { total, byGrid: top(grids), byDepartment: top(departments), byCommunity }
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

/**
 * Residents credited points (any earn) in the 30 days up to `toDay`: the stored earners of the days
 * up to the high-water mark (dashboard_earners), the days after it read live with the same query.
 */
export async function activeResidents(db: Kdb, communityIds: string[], toDay: string, through: string | null): Promise<number> {
  const fromDay = addDays(toDay, -29)
  const storedTo = through && through < toDay ? through : toDay
  const useStored = through !== null && through >= fromDay
  const liveFrom = useStored ? nextDay(storedTo) : fromDay
  const parts = [
    ...(useStored ? [sql`SELECT user_id FROM dashboard_earners WHERE community_id = ANY(${communityIds}::uuid[]) AND day >= ${fromDay}::date AND day <= ${storedTo}::date`] : []),
    ...(liveFrom <= toDay ? [sql`SELECT user_id FROM (${earnersQuery(liveFrom, toDay, communityIds)}) e`] : []),
  ]
  const row = await sql<{ n: number }>`SELECT count(DISTINCT user_id)::int AS n FROM (${sql.join(parts, sql` UNION ALL `)}) u`.execute(db)
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
