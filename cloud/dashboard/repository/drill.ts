import { sql, type RawBuilder } from 'kysely'
import type { Kdb } from '../../db/db'
import { OPEN_STATUSES } from '../../../types/reports'
import { shanghaiTime } from '../../platform/clock'
import { nextDay } from '../dashboard.dates'
import { reportFilter, type ReportFilter } from './daily'

/**
 * The rows behind a report figure, by the same rule that counted them (figures.ts): a drill-down
 * of "resolved" lists exactly the resolve events the figure counted.
 */

export interface DrillRowDb {
  id: string
  number: string
  category: string
  status: string
  community_name: string
  grid_name: string
  created_at: Date
  deadline_at: Date
  at: Date | null
  sort_key: string
}

type Figure = 'received' | 'accepted' | 'resolved' | 'resolvedOnTime' | 'resolvedLate' | 'overdueNow' | 'reopened'

const EVENT_OF: Partial<Record<Figure, { action: string; when?: RawBuilder<unknown> }>> = {
  accepted: { action: 'accept' },
  resolved: { action: 'resolve' },
  resolvedOnTime: { action: 'resolve', when: sql`e.created_at <= r.deadline_at` },
  resolvedLate: { action: 'resolve', when: sql`e.created_at > r.deadline_at` },
  reopened: { action: 'reopen' },
}

/** One page, newest first; the cursor is the last row's sort key. */
export async function drillRows(db: Kdb, figure: Figure, filter: ReportFilter, fromDay: string, toDay: string, now: Date, page: { limit: number; cursor?: string }): Promise<DrillRowDb[]> {
  const from = shanghaiTime(fromDay)
  const to = shanghaiTime(nextDay(toDay))
  const after = page.cursor ? sql`AND sort_key < ${page.cursor}` : sql``
  const event = EVENT_OF[figure]
  let rows: RawBuilder<DrillRowDb>
  const columns = sql`r.id, r.number, r.category, r.status, c.name AS community_name, g.name AS grid_name, r.created_at, r.deadline_at`
  const joins = sql`JOIN org_units c ON c.id = r.community_id JOIN org_units g ON g.id = r.grid_id`
  if (event) {
    rows = sql<DrillRowDb>`
      SELECT * FROM (
        SELECT ${columns}, e.created_at AS at, to_char(e.created_at AT TIME ZONE 'UTC', 'YYYYMMDDHH24MISSUS') || e.id::text AS sort_key
        FROM report_events e JOIN reports r ON r.id = e.report_id ${joins}
        WHERE e.action = ${event.action} AND e.created_at >= ${from} AND e.created_at < ${to} AND ${reportFilter(filter)}
          ${event.when ? sql`AND ${event.when}` : sql``}
      ) x WHERE TRUE ${after} ORDER BY sort_key DESC LIMIT ${page.limit}`
  } else if (figure === 'overdueNow') {
    rows = sql<DrillRowDb>`
      SELECT * FROM (
        SELECT ${columns}, NULL::timestamptz AS at, to_char(r.deadline_at AT TIME ZONE 'UTC', 'YYYYMMDDHH24MISSUS') || r.id::text AS sort_key
        FROM reports r ${joins}
        WHERE r.status = ANY(${[...OPEN_STATUSES]}::text[]) AND r.deadline_at < ${now} AND ${reportFilter(filter)}
      ) x WHERE TRUE ${after} ORDER BY sort_key DESC LIMIT ${page.limit}`
  } else {
    rows = sql<DrillRowDb>`
      SELECT * FROM (
        SELECT ${columns}, r.created_at AS at, to_char(r.created_at AT TIME ZONE 'UTC', 'YYYYMMDDHH24MISSUS') || r.id::text AS sort_key
        FROM reports r ${joins}
        WHERE r.created_at >= ${from} AND r.created_at < ${to} AND ${reportFilter(filter)}
      ) x WHERE TRUE ${after} ORDER BY sort_key DESC LIMIT ${page.limit}`
  }
  return (await rows.execute(db)).rows
}
