import { sql } from 'kysely'
import type { Kdb } from '../../db/db'
import type { TCareAlert, TCareEvent } from '../../../types/care'

interface AlertViewRow {
  id: string
  elder_id: string
  elder_name: string
  elder_phone: string | null
  address: string | null
  kind: TCareAlert['kind']
  level: number
  status: TCareAlert['status']
  reason: string
  created_at: Date
  acknowledged_at: Date | null
  acknowledged_by_name: string | null
  closed_at: Date | null
  outcome: string | null
  note: string | null
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null)

/**
 * Alerts by urgency: unhandled first, then the highest rung, then running water / no water before
 * night use and a dead meter, oldest first. `paths` limits to grids/communities (staff); `elderId`
 * to one elder (family).
 */
export async function listAlertRows(db: Kdb, filter: { paths?: string[]; elderId?: string; status: 'open' | 'closed' | 'all'; limit: number }): Promise<AlertViewRow[]> {
  const status = filter.status === 'open' ? sql`AND a.status IN ('open', 'acknowledged')` : filter.status === 'closed' ? sql`AND a.status = 'closed'` : sql``
  const scope = filter.paths ? sql`AND coalesce(g.path, c.path) LIKE ANY(${filter.paths.map((p) => `${p}%`)}::text[])` : sql``
  const elder = filter.elderId ? sql`AND a.elder_id = ${filter.elderId}` : sql``
  const result = await sql<AlertViewRow>`
    SELECT a.id, a.elder_id, u.name AS elder_name, u.phone AS elder_phone, u.address, a.kind, a.level, a.status, a.reason,
      a.created_at, a.acknowledged_at, ack.name AS acknowledged_by_name, a.closed_at, a.outcome, a.note
    FROM care_alerts a
    JOIN care_enrolments e ON e.id = a.enrolment_id
    JOIN users u ON u.id = a.elder_id
    JOIN org_units c ON c.id = e.community_id
    LEFT JOIN org_units g ON g.id = e.grid_id
    LEFT JOIN users ack ON ack.id = a.acknowledged_by
    WHERE TRUE ${status} ${scope} ${elder}
    ORDER BY (a.status = 'open') DESC, (a.status = 'closed') ASC, a.level DESC,
      CASE a.kind WHEN 'flow' THEN 0 WHEN 'no_use' THEN 1 WHEN 'quiet' THEN 2 ELSE 3 END,
      CASE WHEN a.status = 'closed' THEN -extract(epoch FROM a.closed_at) ELSE extract(epoch FROM a.created_at) END
    LIMIT ${filter.limit}`.execute(db)
  return result.rows
}

/** The family who follow each elder (for one-tap calls). */
export async function familyOf(db: Kdb, elderIds: string[]) {
  if (!elderIds.length) return []
  return db
    .selectFrom('family_links as f')
    .innerJoin('users as m', 'm.id', 'f.member_id')
    .select(['f.elder_id', 'm.name', 'm.phone', 'f.relation'])
    .where('f.elder_id', 'in', elderIds)
    .where('f.status', '=', 'active')
    .execute()
}

export async function eventsOf(db: Kdb, alertIds: string[]) {
  if (!alertIds.length) return new Map<string, TCareEvent[]>()
  const rows = await db
    .selectFrom('care_alert_events as ev')
    .leftJoin('users as u', 'u.id', 'ev.actor_id')
    .select(['ev.alert_id', 'ev.action', 'u.name as actor_name', 'ev.note', 'ev.created_at'])
    .where('ev.alert_id', 'in', alertIds)
    .orderBy('ev.created_at')
    .orderBy('ev.id')
    .execute()
  const byAlert = new Map<string, TCareEvent[]>()
  for (const r of rows) {
    const list = byAlert.get(r.alert_id) ?? []
    list.push({ action: r.action, actorName: r.actor_name, note: r.note, at: new Date(r.created_at).toISOString() })
    byAlert.set(r.alert_id, list)
  }
  return byAlert
}

const RELATION: Record<string, string> = { child: '子女', spouse: '配偶', grandchild: '孙辈', sibling: '兄弟姐妹', parent: '父母', other: '亲属' }

export function toAlerts(rows: AlertViewRow[], family: Awaited<ReturnType<typeof familyOf>>, withPhones: boolean): TCareAlert[] {
  return rows.map((r) => ({
    id: r.id,
    elderId: r.elder_id,
    elderName: r.elder_name,
    elderPhone: withPhones ? r.elder_phone : null,
    address: withPhones ? r.address : null,
    kind: r.kind,
    level: r.level,
    status: r.status,
    reason: r.reason,
    createdAt: iso(r.created_at)!,
    acknowledgedAt: iso(r.acknowledged_at),
    acknowledgedBy: r.acknowledged_by_name,
    closedAt: iso(r.closed_at),
    outcome: r.outcome,
    note: r.note,
    family: withPhones ? family.filter((f) => f.elder_id === r.elder_id).map((f) => ({ name: f.name, relation: RELATION[f.relation] ?? '亲属', phone: f.phone })) : [],
  }))
}
