import { sql, type RawBuilder } from 'kysely'
import type { Kdb } from '../../db/db'
import { OPEN_STATUSES } from '../../../types/reports'
import type { TWorkListName } from '../../../types/dashboard-lists'
import { reportFilter, type ReportFilter } from './daily'

/**
 * 精准滴灌 work lists (README "Figures and how they are counted" defines each). Every list is one
 * query: its rows, the latest mark (work_list_marks) and a text sort key for cursor paging. With
 * `subjectId` the same query answers "is this one on the list, in this scope?" (marks need it).
 */

export interface MarkColumns {
  mark_outcome: string | null
  mark_note: string | null
  mark_by: string | null
  mark_at: Date | null
  sort_key: string
}

export interface ListPage {
  limit: number
  cursor?: string
  /** 'none' = no mark yet; else the latest mark's outcome */
  outcome?: string
  subjectId?: string
}

const latestMark = (list: TWorkListName, subject: RawBuilder<unknown>, context: string) => sql`
  LEFT JOIN LATERAL (
    SELECT k.outcome AS mark_outcome, k.note AS mark_note, k.created_at AS mark_at, s.name AS mark_by
    FROM work_list_marks k JOIN users s ON s.id = k.marked_by
    WHERE k.list = ${list} AND k.subject_id = ${subject} AND k.context = ${context}
    ORDER BY k.created_at DESC, k.id DESC LIMIT 1
  ) last ON TRUE`

/** Paging and the mark filter over a list's rows `x` (each with its sort_key and mark columns). */
async function pageOf<T>(db: Kdb, rows: RawBuilder<unknown>, page: ListPage): Promise<(T & MarkColumns)[]> {
  const outcome = page.outcome === 'none' ? sql`AND x.mark_outcome IS NULL` : page.outcome ? sql`AND x.mark_outcome = ${page.outcome}` : sql``
  const result = await sql<T & MarkColumns>`
    SELECT * FROM (${rows}) x
    WHERE TRUE ${page.cursor ? sql`AND x.sort_key > ${page.cursor}` : sql``} ${outcome}
    ORDER BY x.sort_key LIMIT ${page.limit}`.execute(db)
  return result.rows
}

const subjectIs = (column: string, page: ListPage) => (page.subjectId ? sql`AND ${sql.ref(column)} = ${page.subjectId}::uuid` : sql``)
const stamp = (column: RawBuilder<unknown>) => sql`to_char(${column} AT TIME ZONE 'UTC', 'YYYYMMDDHH24MISSUS')`

export interface IsolatedRow {
  id: string
  name: string
  birth_date: string | null
  phone: string | null
  address: string | null
  community_name: string
  lives_alone: boolean
  disabled: boolean
  emergency_contact: string | null
  family: { name: string; relation: string; phone: string | null }[]
  contact_kind: 'visit' | 'service' | 'booking' | 'mark' | null
  contact_at: Date | null
}

/**
 * Elders (60 or older on `today`, or of unknown age) flagged in the 台账 as living alone or
 * bed-bound, whose latest contact is older than `since` or missing. Contact: a done home visit, a
 * time bank service that took place, a checkup booking not cancelled, a successful call or visit
 * recorded on a work list. Never contacted first (oldest first), then the longest without contact.
 */
export async function isolatedElders(db: Kdb, communityIds: string[], today: string, now: Date, since: Date, page: ListPage): Promise<(IsolatedRow & MarkColumns)[]> {
  const rows = sql`
    WITH base AS (
      SELECT u.id, u.name, u.birth_date, u.phone, u.address, o.name AS community_name,
        coalesce(p.lives_alone, false) AS lives_alone, coalesce(p.disabled, false) AS disabled, p.emergency_contact
      FROM people_profiles p JOIN users u ON u.id = p.user_id JOIN org_units o ON o.id = u.community_id
      WHERE (p.lives_alone OR p.disabled) AND u.disabled_at IS NULL AND u.community_id = ANY(${communityIds}::uuid[])
        AND (u.birth_date IS NULL OR u.birth_date <= (${today}::date - interval '60 years')::date) ${subjectIs('u.id', page)}
    )
    SELECT b.id, b.name, to_char(b.birth_date, 'YYYY-MM-DD') AS birth_date, b.phone, b.address, b.community_name, b.lives_alone, b.disabled, b.emergency_contact,
      coalesce((SELECT json_agg(json_build_object('name', m.name, 'relation', f.relation, 'phone', m.phone) ORDER BY f.confirmed_at)
        FROM family_links f JOIN users m ON m.id = f.member_id WHERE f.elder_id = b.id AND f.status = 'active'), '[]'::json) AS family,
      c.kind AS contact_kind, c.at AS contact_at, last.*,
      (CASE WHEN c.at IS NULL THEN '0' ELSE '1' || ${stamp(sql`c.at`)} END) || coalesce(to_char(b.birth_date, 'YYYYMMDD'), '99999999') || b.id::text AS sort_key
    FROM base b
    LEFT JOIN LATERAL (
      SELECT a.kind, a.at FROM (
        SELECT 'visit' AS kind, coalesce(upper(v.during), v.scheduled_at, v.created_at) AS at FROM checkup_home_visits v WHERE v.elder_id = b.id AND v.status = 'done'
        UNION ALL
        SELECT 'service', coalesce(t.check_in_at, t.confirmed_at) FROM timebank_requests t WHERE t.elder_id = b.id AND coalesce(t.check_in_at, t.confirmed_at) IS NOT NULL
        UNION ALL
        SELECT 'booking', k.created_at FROM checkup_bookings k WHERE k.elder_id = b.id AND k.status <> 'cancelled'
        UNION ALL
        SELECT 'mark', m.created_at FROM work_list_marks m WHERE m.subject_id = b.id
          AND ((m.list = 'isolated-elders' AND m.outcome IN ('visited', 'called')) OR (m.list = 'unbooked-elders' AND m.outcome IN ('declined', 'will_book')))
      ) a WHERE a.at <= ${now} ORDER BY a.at DESC LIMIT 1
    ) c ON TRUE
    ${latestMark('isolated-elders', sql`b.id`, '')}
    WHERE c.at IS NULL OR c.at < ${since}`
  return pageOf<IsolatedRow>(db, rows, page)
}

export interface ExpiringRow {
  id: string
  name: string
  phone: string | null
  community_name: string
  points: string
  expires_on: string
}

/** Residents with points left in lots that expire from `today` to `monthEnd`; most points first. */
export async function expiringPoints(db: Kdb, communityIds: string[], today: string, monthEnd: string, page: ListPage): Promise<(ExpiringRow & MarkColumns)[]> {
  const rows = sql`
    WITH e AS (
      SELECT a.user_id AS id, sum(l.remaining)::bigint AS points, min(l.expires_on) AS expires_on, string_agg(DISTINCT o.name, '、') AS community_name
      FROM points_lots l JOIN points_accounts a ON a.id = l.account_id JOIN org_units o ON o.id = a.community_id
      WHERE l.remaining > 0 AND l.expires_on >= ${today}::date AND l.expires_on <= ${monthEnd}::date
        AND a.kind = 'resident' AND a.community_id = ANY(${communityIds}::uuid[]) ${subjectIs('a.user_id', page)}
      GROUP BY a.user_id
    )
    SELECT e.id, u.name, u.phone, e.community_name, e.points::text AS points, to_char(e.expires_on, 'YYYY-MM-DD') AS expires_on, last.*,
      lpad((999999999999 - e.points)::text, 12, '0') || e.id::text AS sort_key
    FROM e JOIN users u ON u.id = e.id
    ${latestMark('expiring-points', sql`e.id`, today.slice(0, 7))}
    WHERE u.disabled_at IS NULL`
  return pageOf<ExpiringRow>(db, rows, page)
}

export interface VolunteerRow {
  id: string
  name: string
  phone: string | null
  community_name: string
  since: Date
  last_at: Date | null
  services: number
}

/**
 * People with the volunteer role at or under the unit for at least 90 days whose latest accept,
 * check-in or confirmed service is older than `since` or missing. Never served first.
 */
export async function inactiveVolunteers(db: Kdb, unitPath: string, since: Date, page: ListPage): Promise<(VolunteerRow & MarkColumns)[]> {
  const rows = sql`
    WITH v AS (
      SELECT r.user_id AS id, min(r.created_at) AS since, string_agg(DISTINCT o.name, '、') AS community_name
      FROM role_assignments r JOIN org_units o ON o.id = r.org_unit_id JOIN users u ON u.id = r.user_id
      WHERE r.role = 'volunteer' AND o.path LIKE ${`${unitPath}%`} AND u.disabled_at IS NULL ${subjectIs('r.user_id', page)}
      GROUP BY r.user_id
      HAVING min(r.created_at) <= ${since}
    )
    SELECT v.id, u.name, u.phone, v.community_name, v.since, a.at AS last_at, a.services, last.*,
      (CASE WHEN a.at IS NULL THEN '0' ELSE '1' || ${stamp(sql`a.at`)} END) || v.id::text AS sort_key
    FROM v JOIN users u ON u.id = v.id
    CROSS JOIN LATERAL (
      SELECT max(greatest(t.accepted_at, t.check_in_at, t.confirmed_at)) AS at, (count(*) FILTER (WHERE t.status = 'confirmed'))::int AS services
      FROM timebank_requests t WHERE t.volunteer_id = v.id
    ) a
    ${latestMark('inactive-volunteers', sql`v.id`, '')}
    WHERE a.at IS NULL OR a.at < ${since}`
  return pageOf<VolunteerRow>(db, rows, page)
}

export interface WaitingRow {
  id: string
  number: string
  category: string
  status: string
  department_name: string
  community_name: string
  grid_name: string
  deadline_at: Date
  since: Date
}

/**
 * Open reports held by a department (dispatched to it, or routed to it when submitted), the one
 * waiting longest first; waiting since the latest dispatch, else since it was submitted.
 */
export async function departmentWaiting(db: Kdb, filter: ReportFilter, page: ListPage): Promise<(WaitingRow & MarkColumns)[]> {
  const rows = sql`
    WITH w AS (
      SELECT r.id, r.number, r.category, r.status, d.name AS department_name, c.name AS community_name, g.name AS grid_name, r.deadline_at,
        coalesce((SELECT max(e.created_at) FROM report_events e WHERE e.report_id = r.id AND e.action = 'dispatch'), r.created_at) AS since
      FROM reports r JOIN org_units d ON d.id = r.department_id JOIN org_units c ON c.id = r.community_id JOIN org_units g ON g.id = r.grid_id
      WHERE r.department_id IS NOT NULL AND r.status = ANY(${[...OPEN_STATUSES]}::text[]) AND ${reportFilter(filter)} ${subjectIs('r.id', page)}
    )
    SELECT w.*, last.*, ${stamp(sql`w.since`)} || w.id::text AS sort_key
    FROM w ${latestMark('department-waiting', sql`w.id`, '')}`
  return pageOf<WaitingRow>(db, rows, page)
}

export async function insertListMark(db: Kdb, mark: { id: string; list: TWorkListName; subjectId: string; context: string; outcome: string; note: string; by: string; now: Date }): Promise<void> {
  await db
    .insertInto('work_list_marks')
    .values({ id: mark.id, list: mark.list, subject_id: mark.subjectId, context: mark.context, outcome: mark.outcome, note: mark.note, marked_by: mark.by, created_at: mark.now })
    .execute()
}
