import { sql } from 'kysely'
import { ingestReadings } from '../../cloud/care'
import { evaluateRules } from '../../cloud/care/evaluate-rules'
import { rebuildBaselines } from '../../cloud/care/repository/baselines'
import type { TMeterReading } from '../../types/care'
import { p, openBenchDb, type Emit } from './lib'

const H = 3_600_000
const METERS = 10_000
const HOURS = 24
const BATCH = 1000

/**
 * 独居老人关爱 at a city district's scale on PostgreSQL: 10,000 enrolled meters.
 * - ingest: a day of hourly readings (240,000) in vendor batches of 1,000 through the real ingest
 *   (consent filter, duplicates, neighbour recompute, hourly rollup, meter state, instant rules);
 * - rules: one tick's evaluation over all 10,000 meters at 00:01 (target < 5 s): every rule is computed for every
 *   meter (the no-use rule then waits for the morning, so few are raised), first run and steady;
 * - latency: a reading that completes a 2-hour flow → the grid worker's notice (ingest call returns
 *   after the instant rules committed).
 */
export default async function (emit: Emit, { databaseUrl }: { databaseUrl?: string | null }): Promise<void> {
  if (!databaseUrl) {
    emit({ figure: 'care', skipped: 'needs DATABASE_URL' })
    return
  }
  const start = new Date('2026-11-26T16:00:00Z') // 00:00 Shanghai
  const bench = await openBenchDb(databaseUrl, 'care', { poolSize: 8, seededAt: new Date(start.getTime() - 20 * 24 * H) })
  try {
    const k = bench.db.kysely
    await sql`
      WITH g AS (SELECT g.id AS grid_id, g.parent_id AS community_id, row_number() OVER () - 1 AS n FROM org_units g WHERE g.kind = 'grid'),
      cnt AS (SELECT count(*) AS c FROM g),
      u AS (
        INSERT INTO users (id, name, birth_date, community_id, created_at)
        SELECT gen_random_uuid(), '压测老人' || i, date '1945-01-01', g.community_id, ${start}
        FROM generate_series(0, ${METERS - 1}) i, cnt JOIN g ON TRUE WHERE g.n = i % cnt.c
        RETURNING id, community_id, name)
      INSERT INTO care_enrolments (id, elder_id, meter_id, community_id, grid_id, consent_by, consent_at, consent_recorded_by, created_at)
      SELECT gen_random_uuid(), u.id, 'BM-' || substr(u.name, 5), u.community_id,
        (SELECT id FROM org_units WHERE parent_id = u.community_id AND kind = 'grid' ORDER BY name LIMIT 1),
        'counter', ${new Date(start.getTime() - 15 * 24 * H)}, (SELECT id FROM users WHERE username = 'staff01'), ${new Date(start.getTime() - 15 * 24 * H)}
      FROM u`.execute(k)
    const deps = (now: Date) => bench.deps(now)

    // 1 % of the meters: no water after 01:00
    const usual = [0, 0, 0, 0, 0, 0, 18, 12, 3, 2, 2, 6, 14, 3, 0, 2, 3, 8, 22, 6, 25, 4, 1, 0]
    const totals = new Array(METERS).fill(0).map((_, i) => 10_000 + i)
    let readings = 0
    const ingestStarted = performance.now()
    const batchTimes: number[] = []
    for (let h = 0; h <= HOURS; h++) {
      const at = new Date(start.getTime() + h * H)
      const hourOfDay = (h + 23) % 24
      const all: TMeterReading[] = []
      for (let i = 0; i < METERS; i++) {
        if (h > 0 && !(i % 100 === 7 && h > 1)) totals[i] += usual[hourOfDay]
        all.push({ meterId: `BM-${i}`, at: at.toISOString(), totalLitres: totals[i] })
      }
      const d = deps(new Date(at.getTime() + 60_000))
      for (let b = 0; b < all.length; b += BATCH) {
        const t = performance.now()
        const r = await ingestReadings(d, all.slice(b, b + BATCH))
        batchTimes.push(performance.now() - t)
        readings += r.accepted
      }
    }
    const ingestSeconds = (performance.now() - ingestStarted) / 1000
    emit({
      figure: 'care.ingest',
      readings,
      batch: BATCH,
      seconds: Math.round(ingestSeconds * 10) / 10,
      perSecond: Math.round(readings / ingestSeconds),
      batchP50Ms: p(batchTimes, 0.5),
      batchP95Ms: p(batchTimes, 0.95),
      target: '>= 5000/s',
    })

    // baselines (nightly job) on the day just stored, then one tick's evaluation right after the last readings
    const t0 = performance.now()
    await rebuildBaselines(k, new Date(start.getTime() + 24 * H + 3 * H))
    emit({ figure: 'care.baseline', meters: METERS, ms: Math.round(performance.now() - t0) })
    const tickAt = new Date(start.getTime() + 24 * H + 60_000)
    // move the readings' clock: a fresh last hour for every meter at the tick's time
    const runs: number[] = []
    let raised = 0
    for (let run = 0; run < 5; run++) {
      const t = performance.now()
      raised += (await evaluateRules(deps(tickAt), tickAt)).length
      runs.push(performance.now() - t)
    }
    emit({ figure: 'care.rules', meters: METERS, firstMs: Math.round(runs[0]), steadyP50Ms: p(runs.slice(1), 0.5), raised, target: '< 5000 ms per tick' })

    // reading → notice: 20 meters each complete two hours of 100 L/h
    const lat: number[] = []
    for (let i = 0; i < 20; i++) {
      const meter = `BM-${1000 + i}`
      const base = totals[1000 + i]
      const d = deps(new Date(start.getTime() + 26 * H + 60_000))
      await ingestReadings(d, [{ meterId: meter, at: new Date(start.getTime() + 25 * H).toISOString(), totalLitres: base + 100 }])
      const t = performance.now()
      await ingestReadings(d, [{ meterId: meter, at: new Date(start.getTime() + 26 * H).toISOString(), totalLitres: base + 200 }])
      lat.push(performance.now() - t)
    }
    const told = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM care_alerts a JOIN care_enrolments e ON e.id = a.enrolment_id
      WHERE a.kind = 'flow' AND e.meter_id = ANY(${Array.from({ length: 20 }, (_, i) => `BM-${1000 + i}`)}::text[])`.execute(k)
    emit({ figure: 'care.alertLatency', alerts: told.rows[0].n, p50Ms: p(lat, 0.5), p95Ms: p(lat, 0.95), path: 'reading → ingest → instant rules → alert + notices committed' })
  } finally {
    await bench.close()
  }
}
