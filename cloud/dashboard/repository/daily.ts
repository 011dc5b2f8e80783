import { sql, type RawBuilder } from 'kysely'
import type { Kdb } from '../../db/db'
import { shanghaiTime } from '../../platform/clock'
import { nextDay } from '../dashboard.dates'

/**
 * The daily figures per community (cloud/dashboard/figures.ts defines each one). One query
 * computes them from the work already recorded; `tick` stores finished days in dashboard_daily and
 * the dashboard adds the days after that live with the same query, so both ways give one number.
 */

/** Which reports count: a set of communities, or a department's own queue. */
export type ReportFilter = { communityIds: string[] } | { departmentId: string }

export interface DailyRow {
  community_id: string
  day: string
  received: number
  accepted: number
  resolved: number
  resolved_on_time: number
  reopened: number
  ratings: number
  rating_sum: number
  accept_minutes: number[]
  resolve_minutes: number[]
  points_earned: number
  points_spent: number
  minutes_served: number
}

const day = (column: RawBuilder<unknown>) => sql`(${column} AT TIME ZONE 'Asia/Shanghai')::date`

/** The reports a filter covers (alias = the reports table's alias in the query). */
export function reportFilter(filter: ReportFilter | null, alias = 'r'): RawBuilder<unknown> {
  if (!filter) return sql`TRUE`
  if ('departmentId' in filter) return sql`${sql.ref(`${alias}.department_id`)} = ${filter.departmentId}::uuid`
  return sql`${sql.ref(`${alias}.community_id`)} = ANY(${filter.communityIds}::uuid[])`
}

function communityFilter(filter: ReportFilter | null, column: string): RawBuilder<unknown> {
  if (!filter) return sql`TRUE`
  if ('departmentId' in filter) return sql`FALSE` // a department has no points or services of its own
  return sql`${sql.ref(column)} = ANY(${filter.communityIds}::uuid[])`
}

/** Rows per (community, Shanghai day) for days fromDay…toDay inclusive. */
export function dailyQuery(fromDay: string, toDay: string, filter: ReportFilter | null): RawBuilder<DailyRow> {
  const from = shanghaiTime(fromDay)
  const to = shanghaiTime(nextDay(toDay))
  return sql<DailyRow>`
    WITH rec AS (
      SELECT r.community_id, ${day(sql`r.created_at`)} AS day, count(*)::int AS received
      FROM reports r
      WHERE r.created_at >= ${from} AND r.created_at < ${to} AND ${reportFilter(filter, 'r')}
      GROUP BY 1, 2
    ), ev AS (
      SELECT r.community_id, ${day(sql`e.created_at`)} AS day,
        count(*) FILTER (WHERE e.action = 'accept')::int AS accepted,
        count(*) FILTER (WHERE e.action = 'resolve')::int AS resolved,
        count(*) FILTER (WHERE e.action = 'resolve' AND e.created_at <= r.deadline_at)::int AS resolved_on_time,
        count(*) FILTER (WHERE e.action = 'reopen')::int AS reopened,
        count(r.rating) FILTER (WHERE e.action = 'confirm')::int AS ratings,
        coalesce(sum(r.rating) FILTER (WHERE e.action = 'confirm'), 0)::int AS rating_sum,
        array_agg(round(extract(epoch FROM e.created_at - r.created_at) / 60)::int ORDER BY e.created_at) FILTER (WHERE e.action = 'accept') AS accept_minutes,
        array_agg(round(extract(epoch FROM e.created_at - r.created_at) / 60)::int ORDER BY e.created_at) FILTER (WHERE e.action = 'resolve') AS resolve_minutes
      FROM report_events e
      JOIN reports r ON r.id = e.report_id
      WHERE e.action IN ('accept', 'resolve', 'reopen', 'confirm', 'autoclose')
        AND e.created_at >= ${from} AND e.created_at < ${to} AND ${reportFilter(filter, 'r')}
      GROUP BY 1, 2
    ), earned AS (
      SELECT j.community_id, ${day(sql`j.created_at`)} AS day, sum(en.amount)::bigint AS points_earned
      FROM points_journals j
      JOIN points_entries en ON en.journal_id = j.id
      JOIN points_accounts a ON a.id = en.account_id AND a.kind = 'resident'
      WHERE j.kind = 'earn' AND j.created_at >= ${from} AND j.created_at < ${to} AND ${communityFilter(filter, 'j.community_id')}
      GROUP BY 1, 2
    ), spent AS (
      SELECT p.community_id, ${day(sql`p.closed_at`)} AS day, sum(p.points)::bigint AS points_spent
      FROM points_redemptions p
      WHERE p.status = 'redeemed' AND p.closed_at >= ${from} AND p.closed_at < ${to} AND ${communityFilter(filter, 'p.community_id')}
      GROUP BY 1, 2
    ), served AS (
      SELECT t.community_id, ${day(sql`t.confirmed_at`)} AS day, sum(coalesce(t.credited_minutes, 0))::bigint AS minutes_served
      FROM timebank_requests t
      WHERE t.status = 'confirmed' AND t.confirmed_at >= ${from} AND t.confirmed_at < ${to} AND ${communityFilter(filter, 't.community_id')}
      GROUP BY 1, 2
    ), keys AS (
      SELECT community_id, day FROM rec UNION SELECT community_id, day FROM ev
      UNION SELECT community_id, day FROM earned UNION SELECT community_id, day FROM spent
      UNION SELECT community_id, day FROM served
    )
    SELECT k.community_id, to_char(k.day, 'YYYY-MM-DD') AS day,
      coalesce(rec.received, 0) AS received, coalesce(ev.accepted, 0) AS accepted, coalesce(ev.resolved, 0) AS resolved,
      coalesce(ev.resolved_on_time, 0) AS resolved_on_time, coalesce(ev.reopened, 0) AS reopened,
      coalesce(ev.ratings, 0) AS ratings, coalesce(ev.rating_sum, 0) AS rating_sum,
      coalesce(ev.accept_minutes, '{}'::int[]) AS accept_minutes, coalesce(ev.resolve_minutes, '{}'::int[]) AS resolve_minutes,
      coalesce(earned.points_earned, 0) AS points_earned, coalesce(spent.points_spent, 0) AS points_spent,
      coalesce(served.minutes_served, 0) AS minutes_served
    FROM keys k
    LEFT JOIN rec ON rec.community_id = k.community_id AND rec.day = k.day
    LEFT JOIN ev ON ev.community_id = k.community_id AND ev.day = k.day
    LEFT JOIN earned ON earned.community_id = k.community_id AND earned.day = k.day
    LEFT JOIN spent ON spent.community_id = k.community_id AND spent.day = k.day
    LEFT JOIN served ON served.community_id = k.community_id AND served.day = k.day`
}

/** The last day stored in dashboard_daily (every day up to it is complete), or null. */
export async function materialisedThrough(db: Kdb): Promise<string | null> {
  const row = await db.selectFrom('dashboard_state').select('through_day').where('id', '=', 1).executeTakeFirst()
  return row?.through_day ?? null
}

/** The first day anything countable happened (where a first refresh starts). */
export async function firstActivityDay(db: Kdb): Promise<string | null> {
  const row = await sql<{ day: string | null }>`
    SELECT to_char((least(
      (SELECT min(created_at) FROM reports),
      (SELECT min(created_at) FROM points_journals WHERE kind = 'earn'),
      (SELECT min(confirmed_at) FROM timebank_requests WHERE status = 'confirmed'),
      (SELECT min(closed_at) FROM points_redemptions WHERE status = 'redeemed')
    ) AT TIME ZONE 'Asia/Shanghai')::date, 'YYYY-MM-DD') AS day`.execute(db)
  return row.rows[0]?.day ?? null
}

/**
 * Stores days fromDay…toDay (replacing what was there) and moves the high-water mark, in the
 * caller's transaction: a reader sees either the old rows or the new ones.
 */
export async function storeDays(tx: Kdb, fromDay: string, toDay: string, now: Date): Promise<void> {
  await tx.deleteFrom('dashboard_daily').where('day', '>=', fromDay).where('day', '<=', toDay).execute()
  await sql`
    INSERT INTO dashboard_daily (community_id, day, received, accepted, resolved, resolved_on_time, reopened, ratings,
      rating_sum, accept_minutes, resolve_minutes, points_earned, points_spent, minutes_served, refreshed_at)
    SELECT d.community_id, d.day::date, d.received, d.accepted, d.resolved, d.resolved_on_time, d.reopened, d.ratings,
      d.rating_sum, d.accept_minutes, d.resolve_minutes, d.points_earned, d.points_spent, d.minutes_served, ${now}
    FROM (${dailyQuery(fromDay, toDay, null)}) d
    JOIN org_units o ON o.id = d.community_id`.execute(tx)
  await sql`DELETE FROM dashboard_earners WHERE day >= ${fromDay}::date AND day <= ${toDay}::date`.execute(tx)
  await sql`
    INSERT INTO dashboard_earners (community_id, day, user_id)
    SELECT e.community_id, e.day, e.user_id FROM (${earnersQuery(fromDay, toDay, null)}) e JOIN org_units o ON o.id = e.community_id`.execute(tx)
  await sql`UPDATE dashboard_state SET through_day = greatest(coalesce(through_day, ${toDay}::date), ${toDay}::date) WHERE id = 1`.execute(tx)
}

/** Residents credited points (any earn), one row per (community, Shanghai day, person), for days fromDay…toDay. */
export function earnersQuery(fromDay: string, toDay: string, communityIds: string[] | null): RawBuilder<{ community_id: string; day: string; user_id: string }> {
  return sql`
    SELECT DISTINCT j.community_id, ${day(sql`j.created_at`)} AS day, a.user_id
    FROM points_journals j
    JOIN points_entries en ON en.journal_id = j.id
    JOIN points_accounts a ON a.id = en.account_id AND a.kind = 'resident'
    WHERE j.kind = 'earn' AND a.user_id IS NOT NULL AND j.created_at >= ${shanghaiTime(fromDay)} AND j.created_at < ${shanghaiTime(nextDay(toDay))}
      AND ${communityIds ? sql`j.community_id = ANY(${communityIds}::uuid[])` : sql`TRUE`}`
}

/**
 * Daily rows for the filter and days: stored rows up to the high-water mark, live rows after it.
 * Both come from dailyQuery, so the split never changes a figure.
 */
export function periodDays(fromDay: string, toDay: string, filter: ReportFilter, through: string | null): RawBuilder<DailyRow> {
  const storedTo = through && through < toDay ? through : toDay
  const useStored = 'communityIds' in filter && through !== null && through >= fromDay
  const liveFrom = useStored ? nextDay(storedTo) : fromDay
  const stored = useStored
    ? sql`SELECT community_id, to_char(day, 'YYYY-MM-DD') AS day, received, accepted, resolved, resolved_on_time, reopened,
            ratings, rating_sum, accept_minutes, resolve_minutes, points_earned, points_spent, minutes_served
          FROM dashboard_daily
          WHERE community_id = ANY(${(filter as { communityIds: string[] }).communityIds}::uuid[])
            AND day >= ${fromDay}::date AND day <= ${storedTo}::date`
    : null
  const live = liveFrom <= toDay ? dailyQuery(liveFrom, toDay, filter) : null
  if (stored && live) return sql<DailyRow>`${stored} UNION ALL (${live})`
  // one of them always exists: without stored rows the live query covers the whole period
  return (stored as RawBuilder<DailyRow> | null) ?? live!
}

export interface PeriodSums {
  byDay: {
    day: string
    received: number
    accepted: number
    resolved: number
    resolvedOnTime: number
    reopened: number
    ratings: number
    ratingSum: number
    pointsEarned: number
    pointsSpent: number
    minutesServed: number
  }[]
  medianMinutesToAccept: number | null
  medianMinutesToResolve: number | null
}

/** Per-day sums over the filter (for totals and the trend) and the two exact medians. */
export async function periodSums(db: Kdb, fromDay: string, toDay: string, filter: ReportFilter, through: string | null): Promise<PeriodSums> {
  const days = periodDays(fromDay, toDay, filter, through)
  const [byDay, medians] = await Promise.all([
    sql<PeriodSums['byDay'][number]>`
      SELECT day, sum(received)::int AS "received", sum(accepted)::int AS "accepted", sum(resolved)::int AS "resolved",
        sum(resolved_on_time)::int AS "resolvedOnTime", sum(reopened)::int AS "reopened", sum(ratings)::int AS "ratings",
        sum(rating_sum)::int AS "ratingSum", sum(points_earned)::bigint AS "pointsEarned", sum(points_spent)::bigint AS "pointsSpent",
        sum(minutes_served)::bigint AS "minutesServed"
      FROM (${days}) d GROUP BY day ORDER BY day`.execute(db),
    sql<{ accept: number | null; resolve: number | null }>`
      WITH d AS (${days})
      SELECT (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY m) FROM d, unnest(d.accept_minutes) m) AS accept,
             (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY m) FROM d, unnest(d.resolve_minutes) m) AS resolve`.execute(db),
  ])
  const m = medians.rows[0]
  return {
    byDay: byDay.rows.map((r) => ({ ...r, pointsEarned: Number(r.pointsEarned), pointsSpent: Number(r.pointsSpent), minutesServed: Number(r.minutesServed) })),
    medianMinutesToAccept: m?.accept == null ? null : Number(m.accept),
    medianMinutesToResolve: m?.resolve == null ? null : Number(m.resolve),
  }
}

/** Received / resolved / on time per community over the period (the table under a street or 片区). */
export async function communitySums(db: Kdb, fromDay: string, toDay: string, filter: ReportFilter, through: string | null) {
  const rows = await sql<{ community_id: string; name: string; received: number; resolved: number; resolved_on_time: number }>`
    SELECT d.community_id, o.name, sum(d.received)::int AS received, sum(d.resolved)::int AS resolved, sum(d.resolved_on_time)::int AS resolved_on_time
    FROM (${periodDays(fromDay, toDay, filter, through)}) d JOIN org_units o ON o.id = d.community_id
    GROUP BY d.community_id, o.name, o.path ORDER BY o.path`.execute(db)
  return rows.rows
}
