import { sql } from 'kysely'
import type { Kdb } from '../../db/db'
import type { TCareAlertKind } from '../../../types/care'
import { newId } from '../../platform/ids'
import { addMinutes } from '../../platform/clock'
import { ESCALATE_TO_CLUSTER_MIN, ESCALATE_TO_COMMUNITY_MIN } from '../care.rules'

export interface NewAlert {
  enrolmentId: string
  elderId: string
  kind: TCareAlertKind
  reason: string
  since: Date
}

export interface AlertRef {
  id: string
  enrolment_id: string
  elder_id: string
  kind: TCareAlertKind
  level: number
  reason: string
}

/**
 * Inserts alerts; the partial unique index (one open or handled alert per elder and kind) makes a
 * second evaluation — another tick, another instance, a republished batch — a no-op. Device alerts
 * do not climb the ladder (they go to staff at once); the others escalate after 30 minutes.
 */
export async function insertAlerts(tx: Kdb, alerts: NewAlert[], now: Date): Promise<AlertRef[]> {
  if (!alerts.length) return []
  const rows = await tx
    .insertInto('care_alerts')
    .values(
      alerts.map((a) => ({
        id: newId(),
        enrolment_id: a.enrolmentId,
        elder_id: a.elderId,
        kind: a.kind,
        reason: a.reason,
        evidence_since: a.since,
        created_at: now,
        escalate_at: a.kind === 'device' ? null : addMinutes(now, ESCALATE_TO_COMMUNITY_MIN),
      })),
    )
    .onConflict((oc) => oc.columns(['elder_id', 'kind']).where('status', 'in', ['open', 'acknowledged']).doNothing())
    .returning(['id', 'enrolment_id', 'elder_id', 'kind', 'level', 'reason'])
    .execute()
  return rows
}

/**
 * Moves every unacknowledged alert whose time limit passed one rung up, in one statement:
 * level 2 (community staff) 30 minutes after it was raised, level 3 (片区 lead) after 2 hours.
 * A tick that comes late runs it again until nothing is due, so each rung is told in order.
 */
export async function escalateDue(tx: Kdb, now: Date): Promise<AlertRef[]> {
  const result = await sql<AlertRef>`
    UPDATE care_alerts SET level = level + 1,
      escalate_at = CASE WHEN level + 1 < 3 THEN created_at + make_interval(mins => ${ESCALATE_TO_CLUSTER_MIN}) END
    WHERE id IN (SELECT id FROM care_alerts WHERE status = 'open' AND escalate_at <= ${now} ORDER BY escalate_at FOR UPDATE SKIP LOCKED)
    RETURNING id, enrolment_id, elder_id, kind, level, reason`.execute(tx)
  return result.rows
}

export interface Recipient {
  alert_id: string
  user_id: string
  name: string
  role: 'family' | 'grid_worker' | 'community_staff' | 'cluster_lead'
}

/**
 * Who hears of an alert at a rung: level 1 the family who follow the elder (receive_notices; never for
 * a device alert) and the grid worker — for a device alert the community staff too; level 2 the
 * community staff; level 3 the 片区 lead.
 */
export async function recipients(tx: Kdb, alerts: AlertRef[]): Promise<Recipient[]> {
  if (!alerts.length) return []
  const result = await sql<Recipient>`
    WITH a AS (
      SELECT t.id AS alert_id, t.level, t.kind, e.elder_id, e.grid_id, e.community_id, c.parent_id AS cluster_id
      FROM unnest(${alerts.map((a) => a.id)}::uuid[], ${alerts.map((a) => a.level)}::int[], ${alerts.map((a) => a.kind)}::text[]) AS t (id, level, kind)
      JOIN care_alerts al ON al.id = t.id JOIN care_enrolments e ON e.id = al.enrolment_id JOIN org_units c ON c.id = e.community_id),
    r AS (
      SELECT a.alert_id, f.member_id AS user_id, 'family' AS role FROM a
      JOIN family_links f ON f.elder_id = a.elder_id AND f.status = 'active' AND 'receive_notices' = ANY(f.scopes)
      WHERE a.level = 1 AND a.kind <> 'device'
      UNION
      SELECT a.alert_id, ra.user_id, 'grid_worker' FROM a
      JOIN role_assignments ra ON ra.role = 'grid_worker'
      JOIN org_units g ON g.id = ra.org_unit_id AND (g.id = a.grid_id OR (a.grid_id IS NULL AND g.parent_id = a.community_id))
      WHERE a.level = 1
      UNION
      SELECT a.alert_id, ra.user_id, 'community_staff' FROM a
      JOIN role_assignments ra ON ra.role = 'community_staff' AND ra.org_unit_id = a.community_id
      WHERE a.level = 2 OR (a.level = 1 AND a.kind = 'device')
      UNION
      SELECT a.alert_id, ra.user_id, 'cluster_lead' FROM a
      JOIN role_assignments ra ON ra.role = 'cluster_lead' AND ra.org_unit_id = a.cluster_id
      WHERE a.level = 3)
    SELECT r.alert_id, r.user_id, u.name, r.role FROM r JOIN users u ON u.id = r.user_id AND u.disabled_at IS NULL
    ORDER BY r.alert_id, r.role, u.name`.execute(tx)
  return result.rows
}

export async function addEvents(
  tx: Kdb,
  events: {
    alertId: string
    action: 'raised' | 'notified' | 'escalated' | 'acknowledged' | 'checked_in' | 'closed' | 'threshold_widened'
    actorId?: string | null
    note?: string
    details?: Record<string, unknown>
  }[],
  now: Date,
): Promise<void> {
  if (!events.length) return
  await tx
    .insertInto('care_alert_events')
    .values(events.map((e) => ({ id: newId(), alert_id: e.alertId, action: e.action, actor_id: e.actorId ?? null, note: e.note ?? '', details: JSON.stringify(e.details ?? {}), created_at: now })))
    .execute()
}

/** 我来处理: only an open alert; the single UPDATE decides who was first. */
export async function markAcknowledged(tx: Kdb, id: string, userId: string, now: Date): Promise<boolean> {
  const result = await tx
    .updateTable('care_alerts')
    .set({ status: 'acknowledged', acknowledged_at: now, acknowledged_by: userId, escalate_at: null })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

export async function markClosed(tx: Kdb, id: string, userId: string | null, outcome: 'safe' | 'visited' | 'emergency' | 'false_alarm' | 'withdrawn', note: string, now: Date): Promise<boolean> {
  const result = await tx
    .updateTable('care_alerts')
    .set({ status: 'closed', closed_at: now, closed_by: userId, outcome, note, escalate_at: null })
    .where('id', '=', id)
    .where('status', 'in', ['open', 'acknowledged'])
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

export async function findAlert(db: Kdb, id: string) {
  return db
    .selectFrom('care_alerts as a')
    .innerJoin('care_enrolments as e', 'e.id', 'a.enrolment_id')
    .innerJoin('org_units as c', 'c.id', 'e.community_id')
    .leftJoin('org_units as g', 'g.id', 'e.grid_id')
    .select(['a.id', 'a.enrolment_id', 'a.elder_id', 'a.kind', 'a.status', 'a.level', 'c.path as community_path', 'g.path as grid_path'])
    .where('a.id', '=', id)
    .executeTakeFirst()
}
