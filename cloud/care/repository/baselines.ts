import { sql } from 'kysely'
import type { Kdb } from '../../db/db'
import { BASELINE_DAYS, USE_FLOOR_LITRES } from '../care.rules'

/**
 * Each enrolled meter's usual day from the last 14 whole Shanghai days of the hourly rollup, in one
 * statement: the median litres for each hour of the day, and the median hour of the morning's first
 * use (04:00–12:00; a morning without use counts as 12 so it pulls the median later, not earlier).
 */
export async function rebuildBaselines(db: Kdb, now: Date): Promise<number> {
  const result = await sql<{ n: number }>`
    WITH bounds AS (
      SELECT (date_trunc('day', ${now}::timestamptz AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai') AS day_start),
    h AS (
      SELECT h.meter_id, h.hour AT TIME ZONE 'Asia/Shanghai' AS local, h.litres
      FROM care_hourly h, bounds
      WHERE h.hour >= bounds.day_start - make_interval(days => ${BASELINE_DAYS}) AND h.hour < bounds.day_start
        AND h.meter_id IN (SELECT meter_id FROM care_enrolments WHERE status = 'active')),
    per_hour AS (
      SELECT meter_id, extract(hour FROM local)::int AS hod, percentile_cont(0.5) WITHIN GROUP (ORDER BY litres) AS med FROM h GROUP BY 1, 2),
    mornings AS (
      SELECT meter_id, local::date AS d,
        coalesce(min(extract(hour FROM local)) FILTER (WHERE litres >= ${USE_FLOOR_LITRES} AND extract(hour FROM local) BETWEEN 4 AND 11), 12) AS first_use
      FROM h GROUP BY 1, 2),
    firsts AS (
      SELECT meter_id, count(*)::int AS days, percentile_disc(0.5) WITHIN GROUP (ORDER BY first_use)::int AS first_use_hour FROM mornings GROUP BY 1),
    arrays AS (
      SELECT f.meter_id, f.days, f.first_use_hour, array_agg(coalesce(p.med, 0) ORDER BY s.hod) AS hourly
      FROM firsts f CROSS JOIN generate_series(0, 23) AS s (hod)
      LEFT JOIN per_hour p ON p.meter_id = f.meter_id AND p.hod = s.hod
      GROUP BY f.meter_id, f.days, f.first_use_hour),
    up AS (
      INSERT INTO care_baselines (meter_id, days, hourly, first_use_hour, computed_at)
      SELECT meter_id, days, hourly, CASE WHEN first_use_hour < 12 THEN first_use_hour END, ${now}::timestamptz FROM arrays
      ON CONFLICT (meter_id) DO UPDATE SET days = excluded.days, hourly = excluded.hourly, first_use_hour = excluded.first_use_hour, computed_at = excluded.computed_at
      RETURNING 1)
    SELECT count(*)::int AS n FROM up`.execute(db)
  return result.rows[0].n
}
