import { sql } from 'kysely'
import type { Kdb } from '../../db/db'
import type { TCareAlertKind } from '../../../types/care'
import { BASELINE_MIN_DAYS, CARE_DEFAULTS as D, FRESH_HOURS, MORNING_CHECK_HOUR, MORNING_USUAL_BY_HOUR } from '../care.rules'

/** A rule that holds for an enrolled elder right now, with what the reason needs. */
export interface Candidate {
  enrolment_id: string
  elder_id: string
  kind: TCareAlertKind
  /** 'idle' (no use for hours) or 'morning' (no use by 10:00) for no_use */
  variant: string
  since: Date
  last_at: Date | null
  last_use_at: Date | null
  hours: number
  litres: number | null
  usual: number | null
  local_hour: number
  bucket_hour: number | null
}

const inQuiet = (h: string) => sql.raw(`(CASE WHEN quiet_start > quiet_end THEN (${h} >= quiet_start OR ${h} < quiet_end) ELSE (${h} >= quiet_start AND ${h} < quiet_end) END)`)

/**
 * Every rule for every active enrolment (or the given meters) in one statement: no per-meter loop.
 * Reads care_meter_state (newest reading, newest use), care_baselines (the usual day) and the last
 * few hours of care_hourly. An away period running now pauses everything; the evidence of a rule
 * starts no earlier than the end of the last away period. `instantOnly` evaluates only the rules a
 * reading can trigger (flow, quiet) — used right after ingest.
 */
export async function findCandidates(db: Kdb, now: Date, options: { meters?: string[]; instantOnly?: boolean } = {}): Promise<Candidate[]> {
  const meterFilter = options.meters ? sql`AND e.meter_id = ANY(${options.meters}::text[])` : sql``
  const kinds = options.instantOnly ? ['flow', 'quiet'] : ['no_use', 'flow', 'quiet', 'device']
  const result = await sql<Candidate>`
    WITH e AS (
      SELECT e.id, e.elder_id, e.meter_id, e.created_at,
        coalesce(e.no_use_hours, d.no_use_hours, ${D.noUseHours}) AS no_use_hours,
        coalesce(e.flow_hours, d.flow_hours, ${D.flowHours}) AS flow_hours,
        coalesce(e.flow_litres, d.flow_litres, ${D.flowLitres}) AS flow_litres,
        coalesce(e.quiet_litres, d.quiet_litres, ${D.quietLitres}) AS quiet_litres,
        coalesce(e.silent_hours, d.silent_hours, ${D.silentHours}) AS silent_hours,
        coalesce(e.quiet_start, d.quiet_start, ${D.quietStart}) AS quiet_start,
        coalesce(e.quiet_end, d.quiet_end, ${D.quietEnd}) AS quiet_end,
        (SELECT max(a.ends_at) FROM care_away a WHERE a.enrolment_id = e.id AND a.cancelled_at IS NULL AND a.ends_at <= ${now}) AS back_at
      FROM care_enrolments e LEFT JOIN care_rule_defaults d ON d.community_id = e.community_id
      WHERE e.status = 'active' ${meterFilter}
        AND NOT EXISTS (SELECT 1 FROM care_away a WHERE a.enrolment_id = e.id AND a.cancelled_at IS NULL AND a.starts_at <= ${now} AND a.ends_at > ${now})),
    s AS (
      SELECT e.*, m.last_at, m.last_use_at, b.hourly, b.first_use_hour, b.days,
        GREATEST(e.created_at, e.back_at) AS watched_from,
        extract(hour FROM ${now}::timestamptz AT TIME ZONE 'Asia/Shanghai')::int AS local_hour,
        date_trunc('hour', m.last_at - interval '1 millisecond') AS last_bucket,
        (m.last_at >= ${now}::timestamptz - make_interval(hours => ${FRESH_HOURS})) AS fresh,
        -- today's wake-up time (end of the quiet hours) on the Shanghai calendar
        ((date_trunc('day', ${now}::timestamptz AT TIME ZONE 'Asia/Shanghai') + make_interval(hours => e.quiet_end)) AT TIME ZONE 'Asia/Shanghai') AS woke_at
      FROM e LEFT JOIN care_meter_state m ON m.meter_id = e.meter_id LEFT JOIN care_baselines b ON b.meter_id = e.meter_id),
    c AS (
      -- meter silent: a device problem, told to staff only
      SELECT s.id, s.elder_id, 'device' AS kind, 'silent' AS variant, GREATEST(coalesce(s.last_at, s.created_at), s.watched_from) AS since,
        s.last_at, s.last_use_at, NULL::float8 AS litres, NULL::float8 AS usual, NULL::int AS bucket_hour
      FROM s WHERE ${now}::timestamptz - GREATEST(coalesce(s.last_at, s.created_at), s.watched_from) >= make_interval(hours => s.silent_hours)
      UNION ALL
      -- no water for no_use_hours, judged only while awake and while the meter is reporting
      SELECT s.id, s.elder_id, 'no_use', 'idle', GREATEST(coalesce(s.last_use_at, s.created_at), s.watched_from),
        s.last_at, s.last_use_at, NULL, NULL, NULL
      FROM s WHERE s.fresh AND NOT ${inQuiet('s.local_hour')}
        AND ${now}::timestamptz - GREATEST(coalesce(s.last_use_at, s.created_at), s.watched_from) >= make_interval(hours => s.no_use_hours)
      UNION ALL
      -- usually water before 8:00 (a trusted baseline), none since waking up, and it is 10:00 or later
      SELECT s.id, s.elder_id, 'no_use', 'morning', GREATEST(s.woke_at, s.watched_from),
        s.last_at, s.last_use_at, NULL, s.first_use_hour, NULL
      FROM s WHERE s.fresh AND NOT ${inQuiet('s.local_hour')} AND s.days >= ${BASELINE_MIN_DAYS}
        AND s.first_use_hour < ${MORNING_USUAL_BY_HOUR} AND s.local_hour >= ${MORNING_CHECK_HOUR}
        AND (s.last_use_at IS NULL OR s.last_use_at <= s.woke_at) AND s.watched_from <= s.woke_at
      UNION ALL
      -- water running: each of the last flow_hours hours up to the newest reading used ≥ flow_litres
      SELECT s.id, s.elder_id, 'flow', 'run', s.last_bucket - make_interval(hours => s.flow_hours - 1),
        s.last_at, s.last_use_at,
        (SELECT min(h.litres) FROM care_hourly h WHERE h.meter_id = s.meter_id AND h.hour > s.last_bucket - make_interval(hours => s.flow_hours) AND h.hour <= s.last_bucket),
        NULL, NULL
      FROM s WHERE s.fresh AND s.last_bucket - make_interval(hours => s.flow_hours - 1) >= s.watched_from
        AND (SELECT count(*) FROM care_hourly h WHERE h.meter_id = s.meter_id AND h.hour > s.last_bucket - make_interval(hours => s.flow_hours)
               AND h.hour <= s.last_bucket AND h.litres >= s.flow_litres) = s.flow_hours
      UNION ALL
      -- quiet hours: the newest hour used more than max(quiet_litres, 3 × the usual for that hour)
      SELECT q.id, q.elder_id, 'quiet', 'night', q.last_bucket, q.last_at, q.last_use_at, q.litres, q.usual, q.bh
      FROM (
        SELECT s.*, h.litres, extract(hour FROM s.last_bucket AT TIME ZONE 'Asia/Shanghai')::int AS bh,
          coalesce(s.hourly[extract(hour FROM s.last_bucket AT TIME ZONE 'Asia/Shanghai')::int + 1], 0) AS usual
        FROM s JOIN care_hourly h ON h.meter_id = s.meter_id AND h.hour = s.last_bucket
        WHERE s.fresh AND s.last_bucket >= s.watched_from) q
      WHERE ${inQuiet('q.bh')} AND q.litres > GREATEST(q.quiet_litres, 3 * q.usual))
    SELECT DISTINCT ON (c.id, c.kind) c.id AS enrolment_id, c.elder_id, c.kind, c.variant, c.since, c.last_at, c.last_use_at,
      round(extract(epoch FROM ${now}::timestamptz - c.since) / 3600)::int AS hours, c.litres, c.usual, c.bucket_hour,
      extract(hour FROM ${now}::timestamptz AT TIME ZONE 'Asia/Shanghai')::int AS local_hour
    FROM c
    WHERE c.kind = ANY(${kinds}::text[])
      -- an alert raised after the evidence began (open, handled or closed) already covers it
      AND NOT EXISTS (SELECT 1 FROM care_alerts a WHERE a.enrolment_id = c.id AND a.kind = c.kind AND a.created_at >= c.since)
    ORDER BY c.id, c.kind, c.variant DESC`.execute(db)
  return result.rows
}
