import { sql } from 'kysely'
import type { Kdb } from '../../db/db'

export async function servedStats(db: Kdb, userId: string): Promise<{ services: number; minutes: number }> {
  const row = await db
    .selectFrom('timebank_requests')
    .select((eb) => [eb.fn.countAll<number>().as('services'), eb.fn.coalesce(eb.fn.sum<number>('credited_minutes'), sql<number>`0`).as('minutes')])
    .where('volunteer_id', '=', userId)
    .where('status', '=', 'confirmed')
    .where('credited_minutes', '>', 0)
    .executeTakeFirstOrThrow()
  return { services: Number(row.services), minutes: Number(row.minutes) }
}

/** Minutes credited for service and not reversed (what a certificate states). */
export async function creditedServiceMinutes(db: Kdb, userId: string): Promise<number> {
  const r = await sql<{ n: number | null }>`
    SELECT sum(e.amount)::bigint AS n FROM timebank_entries e
    JOIN timebank_accounts a ON a.id = e.account_id
    JOIN timebank_journals j ON j.id = e.journal_id
    LEFT JOIN timebank_journals o ON o.id = j.reverses_id
    WHERE a.user_id = ${userId} AND (j.kind = 'serve' OR (j.kind = 'reverse' AND o.kind = 'serve'))`.execute(db)
  return Number(r.rows[0]?.n ?? 0)
}

export async function insertCertificate(db: Kdb, c: { code: string; userId: string; totalMinutes: number; services: number; periodFrom: Date | null; now: Date }): Promise<void> {
  await db.insertInto('timebank_certificates').values({ code: c.code, user_id: c.userId, total_minutes: c.totalMinutes, services: c.services, period_from: c.periodFrom, issued_at: c.now }).execute()
}

export async function findCertificate(db: Kdb, code: string) {
  return db
    .selectFrom('timebank_certificates as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select(['t.code', 't.user_id', 't.total_minutes', 't.services', 't.issued_at', 't.period_from', 'u.name'])
    .where('t.code', '=', code)
    .executeTakeFirst()
}

/**
 * 月度时长报表: per volunteer in scope, services confirmed in the month (Shanghai) and the minutes
 * credited for them, plus staff adjustments posted in the month.
 */
export async function monthlyHours(db: Kdb, scopePaths: string[], from: Date, to: Date) {
  if (scopePaths.length === 0) return []
  const scope = sql.join(
    scopePaths.map((p) => sql`c.path LIKE ${`${p}%`}`),
    sql` OR `,
  )
  const r = await sql<{ volunteer_id: string; name: string; community_name: string; services: number; minutes: number; adjust_minutes: number }>`
    WITH served AS (
      SELECT r.volunteer_id, r.community_id, count(*)::int AS services, coalesce(sum(r.credited_minutes), 0)::int AS minutes
      FROM timebank_requests r JOIN org_units c ON c.id = r.community_id
      WHERE r.status = 'confirmed' AND r.confirmed_at >= ${from} AND r.confirmed_at < ${to} AND (${scope})
      GROUP BY r.volunteer_id, r.community_id),
    adjusted AS (
      SELECT j.subject_id AS volunteer_id, u.community_id, sum(e.amount)::int AS adjust_minutes
      FROM timebank_journals j
      JOIN timebank_entries e ON e.journal_id = j.id
      JOIN timebank_accounts a ON a.id = e.account_id AND a.user_id = j.subject_id
      JOIN users u ON u.id = j.subject_id JOIN org_units c ON c.id = u.community_id
      WHERE j.kind = 'adjust' AND j.created_at >= ${from} AND j.created_at < ${to} AND (${scope})
      GROUP BY j.subject_id, u.community_id)
    SELECT coalesce(s.volunteer_id, a.volunteer_id) AS volunteer_id, u.name, c.name AS community_name,
           coalesce(s.services, 0) AS services, coalesce(s.minutes, 0) AS minutes, coalesce(a.adjust_minutes, 0) AS adjust_minutes
    FROM served s FULL JOIN adjusted a ON a.volunteer_id = s.volunteer_id AND a.community_id = s.community_id
    JOIN users u ON u.id = coalesce(s.volunteer_id, a.volunteer_id)
    JOIN org_units c ON c.id = coalesce(s.community_id, a.community_id)
    ORDER BY c.name, coalesce(s.minutes, 0) DESC, u.name`.execute(db)
  return r.rows
}

/** When the person's first credited service took place (the start of a certificate's period). */
export async function firstServiceAt(db: Kdb, userId: string): Promise<Date | null> {
  const r = await sql<{ at: Date | null }>`
    SELECT min(coalesce(r.check_in_at, j.created_at)) AS at FROM timebank_journals j
    JOIN timebank_requests r ON r.id = j.request_id
    WHERE j.kind = 'serve' AND r.volunteer_id = ${userId}`.execute(db)
  const at = r.rows[0]?.at
  return at ? new Date(at) : null
}
