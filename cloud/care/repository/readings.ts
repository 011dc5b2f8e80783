import { sql } from 'kysely'
import type { Kdb } from '../../db/db'
import type { TMeterReading } from '../../../types/care'
import { MAX_LITRES_PER_HOUR, USE_FLOOR_LITRES } from '../care.rules'

export interface StoredBatch {
  /** readings whose meter has an active enrolment with consent at or before the reading */
  allowed: number
  inserted: number
  /** per meter, the span of what was new */
  ranges: { meter_id: string; lo: string; hi: string }[]
}

/**
 * One statement: keep only readings of meters under consent (an active enrolment whose consent is not
 * later than the reading), insert them, a (meter, at) already there is a duplicate (DO NOTHING).
 */
export async function insertReadings(tx: Kdb, readings: TMeterReading[], now: Date): Promise<StoredBatch> {
  const result = await sql<{ allowed: number; inserted: number; ranges: StoredBatch['ranges'] | null }>`
    WITH input AS (
      SELECT * FROM unnest(${readings.map((r) => r.meterId)}::text[], ${readings.map((r) => r.at)}::timestamptz[],
        ${readings.map((r) => r.totalLitres)}::float8[], ${readings.map((r) => r.flowLpm ?? null)}::real[],
        ${readings.map((r) => r.battery ?? null)}::int2[]) AS t (meter_id, at, total, flow, battery)),
    allowed AS (
      SELECT i.* FROM input i
      JOIN care_enrolments e ON e.meter_id = i.meter_id AND e.status = 'active' AND e.consent_at <= i.at),
    ins AS (
      INSERT INTO care_readings (meter_id, at, total_litres, flow_lpm, battery, received_at)
      SELECT DISTINCT ON (meter_id, at) meter_id, at, total, flow, battery, ${now}::timestamptz FROM allowed ORDER BY meter_id, at
      ON CONFLICT (meter_id, at) DO NOTHING
      RETURNING meter_id, at)
    SELECT (SELECT count(*) FROM allowed)::int AS allowed, (SELECT count(*) FROM ins)::int AS inserted,
      (SELECT json_agg(r) FROM (SELECT meter_id, min(at) AS lo, max(at) AS hi FROM ins GROUP BY meter_id) r) AS ranges`.execute(tx)
  const row = result.rows[0]
  return { allowed: row.allowed, inserted: row.inserted, ranges: row.ranges ?? [] }
}

/**
 * Recomputes litres-used and the fault flag of the readings whose neighbours changed: per meter the
 * new span plus the reading before it and the one after it (an out-of-order reading changes its
 * successor's "previous"). Returns the hours whose totals must be rebuilt, and the new flags.
 */
export async function recomputeReadings(tx: Kdb, ranges: StoredBatch['ranges']): Promise<{ meters: string[]; ats: string[]; flagged: number }> {
  if (!ranges.length) return { meters: [], ats: [], flagged: 0 }
  const result = await sql<{ meter_id: string; at: Date; flag: string | null }>`
    WITH g AS (
      SELECT * FROM unnest(${ranges.map((r) => r.meter_id)}::text[], ${ranges.map((r) => r.lo)}::timestamptz[], ${ranges.map((r) => r.hi)}::timestamptz[]) AS t (meter_id, lo, hi)),
    span AS (
      SELECT g.meter_id, g.lo,
        coalesce((SELECT max(p.at) FROM care_readings p WHERE p.meter_id = g.meter_id AND p.at < g.lo), g.lo) AS from_at,
        coalesce((SELECT min(n.at) FROM care_readings n WHERE n.meter_id = g.meter_id AND n.at > g.hi), g.hi) AS to_at
      FROM g),
    win AS (
      SELECT r.meter_id, r.at, r.total_litres, s.lo,
        lag(r.total_litres) OVER w AS prev_total, lag(r.at) OVER w AS prev_at
      FROM span s JOIN care_readings r ON r.meter_id = s.meter_id AND r.at BETWEEN s.from_at AND s.to_at
      WINDOW w AS (PARTITION BY r.meter_id ORDER BY r.at)),
    judged AS (
      SELECT meter_id, at, prev_total, total_litres,
        CASE WHEN prev_total IS NULL THEN NULL
             WHEN total_litres < prev_total - 0.5 THEN 'backwards'
             WHEN (total_litres - prev_total) / GREATEST(extract(epoch FROM at - prev_at) / 3600.0, 1.0 / 60) > ${MAX_LITRES_PER_HOUR} THEN 'jump'
        END AS flag
      FROM win WHERE at >= lo),
    calc AS (
      SELECT meter_id, at, flag, CASE WHEN flag IS NULL AND prev_total IS NOT NULL THEN GREATEST(total_litres - prev_total, 0) END AS used FROM judged)
    UPDATE care_readings c SET flag = calc.flag, used_litres = calc.used
    FROM calc
    WHERE c.meter_id = calc.meter_id AND c.at = calc.at
      AND (c.flag IS DISTINCT FROM calc.flag OR c.used_litres IS DISTINCT FROM calc.used)
    RETURNING c.meter_id, c.at, c.flag`.execute(tx)
  const rows = result.rows
  return { meters: rows.map((r) => r.meter_id), ats: rows.map((r) => new Date(r.at).toISOString()), flagged: rows.filter((r) => r.flag).length }
}

/** Rebuilds the hourly totals of the hours that hold changed readings (a reading at t closes (hour, hour+1h]). */
export async function rebuildHours(tx: Kdb, changed: { meters: string[]; ats: string[] }): Promise<void> {
  if (!changed.meters.length) return
  await sql`
    WITH b AS (
      SELECT DISTINCT meter_id, date_trunc('hour', at - interval '1 millisecond') AS hour
      FROM unnest(${changed.meters}::text[], ${changed.ats}::timestamptz[]) AS t (meter_id, at))
    INSERT INTO care_hourly (meter_id, hour, litres)
    SELECT b.meter_id, b.hour, coalesce(sum(r.used_litres), 0)
    FROM b LEFT JOIN care_readings r ON r.meter_id = b.meter_id AND r.at > b.hour AND r.at <= b.hour + interval '1 hour'
    GROUP BY b.meter_id, b.hour
    ON CONFLICT (meter_id, hour) DO UPDATE SET litres = excluded.litres`.execute(tx)
}

/** Newest reading, newest use and newest fault per meter, moved forward only. */
export async function updateMeterState(tx: Kdb, ranges: StoredBatch['ranges'], now: Date): Promise<void> {
  if (!ranges.length) return
  await sql`
    WITH g AS (
      SELECT * FROM unnest(${ranges.map((r) => r.meter_id)}::text[], ${ranges.map((r) => r.lo)}::timestamptz[]) AS t (meter_id, lo)),
    agg AS (
      SELECT g.meter_id, max(r.at) AS last_at,
        max(r.at) FILTER (WHERE r.used_litres >= ${USE_FLOOR_LITRES}) AS last_use_at,
        max(r.at) FILTER (WHERE r.flag IS NOT NULL) AS last_flag_at
      FROM g JOIN care_readings r ON r.meter_id = g.meter_id
        AND r.at >= coalesce((SELECT max(p.at) FROM care_readings p WHERE p.meter_id = g.meter_id AND p.at < g.lo), g.lo)
      GROUP BY g.meter_id)
    INSERT INTO care_meter_state (meter_id, last_at, last_use_at, last_flag_at, updated_at)
    SELECT meter_id, last_at, last_use_at, last_flag_at, ${now}::timestamptz FROM agg
    ON CONFLICT (meter_id) DO UPDATE SET
      last_at = GREATEST(care_meter_state.last_at, excluded.last_at),
      last_use_at = GREATEST(care_meter_state.last_use_at, excluded.last_use_at),
      last_flag_at = GREATEST(care_meter_state.last_flag_at, excluded.last_flag_at),
      updated_at = excluded.updated_at`.execute(tx)
}

/** Deletes everything a meter sent (consent withdrawn, grace over), unless it is enrolled again. */
export async function purgeMeters(tx: Kdb, meterIds: string[]): Promise<number> {
  if (!meterIds.length) return 0
  const live = sql`SELECT meter_id FROM care_enrolments WHERE status = 'active' AND meter_id = ANY(${meterIds}::text[])`
  const deleted = await sql<{ n: number }>`
    WITH r AS (DELETE FROM care_readings WHERE meter_id = ANY(${meterIds}::text[]) AND meter_id NOT IN (${live}) RETURNING 1),
    h AS (DELETE FROM care_hourly WHERE meter_id = ANY(${meterIds}::text[]) AND meter_id NOT IN (${live}) RETURNING 1),
    s AS (DELETE FROM care_meter_state WHERE meter_id = ANY(${meterIds}::text[]) AND meter_id NOT IN (${live}) RETURNING 1),
    b AS (DELETE FROM care_baselines WHERE meter_id = ANY(${meterIds}::text[]) AND meter_id NOT IN (${live}) RETURNING 1)
    SELECT ((SELECT count(*) FROM r) + (SELECT count(*) FROM h))::int AS n`.execute(tx)
  return deleted.rows[0].n
}

/** Raw readings older than the retention, hourly totals older than theirs. */
export async function dropOldReadings(db: Kdb, rawBefore: Date, hourlyBefore: Date): Promise<void> {
  await sql`DELETE FROM care_readings WHERE at < ${rawBefore}`.execute(db)
  await sql`DELETE FROM care_hourly WHERE hour < ${hourlyBefore}`.execute(db)
}
