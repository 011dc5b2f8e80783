import { sql } from 'kysely'
import { loadActor } from '../../cloud/accounts/repository/people'
import { getDashboard } from '../../cloud/dashboard/get-dashboard'
import { refreshDashboard } from '../../cloud/dashboard/refresh-dashboard'
import { generateMonthlyReport } from '../../cloud/dashboard/generate-monthly-report'
import { reportingUnits } from '../../cloud/dashboard/repository/monthly'
import { localStorage } from '../../cloud/platform/storage'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { p, openBenchDb, type Emit } from './lib'

/**
 * 报表通 at street scale on PostgreSQL: 100,000 reports (with their accept/resolve/confirm events),
 * 1,000,000 ledger entries, 50,000 time bank requests and 20,000 checkup bookings spread over the
 * year; then the nightly materialisation, the dashboard's p50/p95 for a street's year, a street's
 * month and a community's week (target p95 < 300 ms), and a street's monthly reports.
 */
export default async function (emit: Emit, { databaseUrl }: { databaseUrl?: string | null }): Promise<void> {
  if (!databaseUrl) {
    emit({ figure: 'dashboard', skipped: 'needs DATABASE_URL' })
    return
  }
  const now = new Date('2026-11-27T04:00:00Z')
  const bench = await openBenchDb(databaseUrl, 'dashboard', { poolSize: 8, seededAt: now })
  try {
    const k = bench.db.kysely
    const loadStarted = performance.now()
    // people: 20,000 elders and residents spread over the communities
    await sql`
      CREATE TEMP TABLE bench_units AS
      SELECT c.id AS community_id, g.id AS grid_id, c.path || g.id || '/' AS grid_path, row_number() OVER () - 1 AS n
      FROM org_units c JOIN org_units g ON g.parent_id = c.id AND g.kind = 'grid' WHERE c.kind = 'community'`.execute(k)
    const units = Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM bench_units`.execute(k)).rows[0].n)
    const street = (await k.selectFrom('org_units').select(['id']).where('kind', '=', 'street').executeTakeFirstOrThrow()).id
    await sql`
      INSERT INTO users (id, name, birth_date, community_id, created_at)
      SELECT gen_random_uuid(), '压测居民' || i, date '1940-01-01' + (i % 7300), u.community_id, ${now}
      FROM generate_series(1, 20000) i JOIN bench_units u ON u.n = i % ${units}`.execute(k)
    // 100,000 reports over the year with their events
    await sql`
      INSERT INTO reports (id, number, category, description, lat, lng, reporter_id, anonymous, street_id, community_id, grid_id, scope_path,
        status, limit_minutes, deadline_at, rating, resolved_at, created_at, updated_at)
      SELECT gen_random_uuid(), 'B' || i, (ARRAY['sanitation','municipal','greenery','noise','traffic','property','other'])[1 + i % 7], '压测随手拍内容',
        31.30 + (i % 997) * 0.00003, 120.60 + (i % 991) * 0.00003, (SELECT id FROM users WHERE username = 'admin01'), true, ${street}, u.community_id, u.grid_id, u.grid_path,
        CASE WHEN i % 4 = 0 THEN 'accepted' ELSE 'closed' END, 1440, t + interval '1 day', CASE WHEN i % 2 = 0 THEN 1 + i % 5 END,
        CASE WHEN i % 4 <> 0 THEN t + interval '20 hours' END, t, t
      FROM generate_series(1, 100000) i JOIN bench_units u ON u.n = i % ${units},
        LATERAL (SELECT timestamptz '2026-01-01 00:00+08' + (i * interval '1 second') * 285 AS t) tt`.execute(k)
    await sql`
      INSERT INTO report_events (id, report_id, actor_role, action, level, details, created_at)
      SELECT gen_random_uuid(), r.id, 'community_staff', a.action, 'community', '{}', r.created_at + a.after
      FROM reports r CROSS JOIN LATERAL (VALUES ('accept', interval '2 hours'), ('resolve', interval '20 hours'), ('confirm', interval '30 hours')) a(action, after)
      WHERE r.number LIKE 'B%' AND (a.action = 'accept' OR r.status = 'closed')`.execute(k)
    // 500,000 earn journals = 1,000,000 entries
    await sql`
      INSERT INTO points_accounts (id, community_id, kind, user_id, available, created_at)
      SELECT gen_random_uuid(), u.community_id, 'resident', u.id, 0, ${now} FROM users u WHERE u.name LIKE '压测居民%'`.execute(k)
    await sql`
      INSERT INTO points_accounts (id, community_id, kind, user_id, slot, available, created_at)
      SELECT gen_random_uuid(), community_id, 'issuing', NULL, 31, 0, ${now} FROM bench_units GROUP BY community_id`.execute(k)
    await sql`
      CREATE TEMP TABLE bench_accounts AS
      SELECT a.id, a.community_id, row_number() OVER () - 1 AS n, (SELECT i.id FROM points_accounts i WHERE i.community_id = a.community_id AND i.kind = 'issuing' AND i.slot = 31) AS issuing
      FROM points_accounts a JOIN users u ON u.id = a.user_id WHERE u.name LIKE '压测居民%'`.execute(k)
    await sql`
      CREATE TEMP TABLE bench_journals AS
      SELECT gen_random_uuid() AS id, a.community_id, a.id AS account, a.issuing, timestamptz '2026-01-01 00:00+08' + (i * interval '57 seconds') AS t
      FROM generate_series(1, 500000) i JOIN bench_accounts a ON a.n = i % 20000`.execute(k)
    await sql`INSERT INTO points_journals (id, community_id, kind, memo, created_at) SELECT id, community_id, 'earn', '压测', t FROM bench_journals`.execute(k)
    await sql`
      INSERT INTO points_entries (journal_id, account_id, community_id, bucket, amount, created_at)
      SELECT id, account, community_id, 'available', 5, t FROM bench_journals
      UNION ALL SELECT id, issuing, community_id, 'available', -5, t FROM bench_journals`.execute(k)
    // 50,000 time bank requests (60 % confirmed)
    await sql`CREATE TEMP TABLE bench_people AS SELECT id, community_id, row_number() OVER () - 1 AS n FROM users WHERE name LIKE '压测居民%'`.execute(k)
    await sql`CREATE INDEX ON bench_people (n)`.execute(k)
    await sql`
      INSERT INTO timebank_requests (id, community_id, elder_id, requested_by, service_type, starts_at, ends_at, address, estimate_minutes, max_minutes,
        status, volunteer_id, minutes, credited_minutes, confirmed_at, confirmed_via, created_at, updated_at)
      SELECT gen_random_uuid(), u.community_id, u.id, u.id, 'companionship', t, t + interval '1 hour', '压测地址', 60, 120,
        CASE WHEN i % 5 < 3 THEN 'confirmed' ELSE 'open' END, CASE WHEN i % 5 < 3 THEN v.id END, CASE WHEN i % 5 < 3 THEN 60 END,
        CASE WHEN i % 5 < 3 THEN 60 END, CASE WHEN i % 5 < 3 THEN t + interval '2 hours' END, CASE WHEN i % 5 < 3 THEN 'elder' END, t, t
      FROM generate_series(1, 50000) i
      JOIN bench_people u ON u.n = i % 20000
      JOIN bench_people v ON v.n = (i * 7) % 20000,
      LATERAL (SELECT timestamptz '2026-01-01 00:00+08' + (i * interval '570 seconds') AS t) tt`.execute(k)
    // 20,000 checkup bookings in this year's campaigns
    await sql`
      INSERT INTO checkup_campaigns (id, community_id, year, title, min_age, age_on, release_at, created_by, created_at)
      SELECT gen_random_uuid(), community_id, 2026, '压测体检', 65, '2026-12-31', ${now}, (SELECT id FROM users WHERE username = 'admin01'), ${now}
      FROM bench_units GROUP BY community_id ON CONFLICT (community_id, year) DO NOTHING`.execute(k)
    await sql`
      INSERT INTO checkup_sessions (id, campaign_id, starts_at, ends_at, place, capacity, booked, created_at)
      SELECT gen_random_uuid(), c.id, timestamptz '2026-12-10 08:00+08' + s * interval '1 day', timestamptz '2026-12-10 11:00+08' + s * interval '1 day', '压测地点', 1000, 0, ${now}
      FROM checkup_campaigns c CROSS JOIN generate_series(0, 3) s WHERE c.year = 2026`.execute(k)
    await sql`
      INSERT INTO checkup_bookings (id, campaign_id, session_id, elder_id, status, channel, booked_by, check_in_code, created_at, updated_at)
      SELECT gen_random_uuid(), c.id, (SELECT s.id FROM checkup_sessions s WHERE s.campaign_id = c.id LIMIT 1), u.id,
        CASE WHEN row_number() OVER () % 10 = 0 THEN 'no_show' ELSE 'booked' END, 'counter', u.id, 'bench-' || replace(u.id::text, '-', ''), ${now}, ${now}
      FROM users u JOIN checkup_campaigns c ON c.community_id = u.community_id AND c.year = 2026 WHERE u.name LIKE '压测居民%'`.execute(k)
    await sql`ANALYZE`.execute(k)
    const counts = (
      await sql<{ reports: number; entries: number; requests: number; bookings: number }>`
        SELECT (SELECT count(*) FROM reports)::int AS reports, (SELECT count(*) FROM points_entries)::int AS entries,
          (SELECT count(*) FROM timebank_requests)::int AS requests, (SELECT count(*) FROM checkup_bookings)::int AS bookings`.execute(k)
    ).rows[0]
    emit({ figure: 'dashboard_fixture', ...counts, seconds: Math.round((performance.now() - loadStarted) / 100) / 10 })

    const refreshStarted = performance.now()
    const days = await refreshDashboard(k, now)
    emit({ figure: 'dashboard_materialise_year', days, seconds: Math.round((performance.now() - refreshStarted) / 100) / 10 })

    const deps = bench.deps(now, { storage: localStorage(mkdtempSync(join(tmpdir(), 'linli-bench-dash-'))) })
    const admin = (await loadActor(k, (await k.selectFrom('users').select('id').where('username', '=', 'admin01').executeTakeFirstOrThrow()).id))!
    const community = (await k.selectFrom('org_units').select('id').where('name', '=', '东湖社区').executeTakeFirstOrThrow()).id
    const cases = [
      { figure: 'dashboard_street_year', orgUnitId: street, from: '2026-01-01', to: '2026-12-31' },
      { figure: 'dashboard_street_month', orgUnitId: street, from: '2026-11-01', to: '2026-11-30' },
      { figure: 'dashboard_community_week', orgUnitId: community, from: '2026-11-23', to: '2026-11-29' },
    ]
    for (const c of cases) {
      await getDashboard(deps, admin, c) // warm
      const times: number[] = []
      for (let i = 0; i < 30; i++) {
        const t = performance.now()
        await getDashboard(deps, admin, c)
        times.push(performance.now() - t)
      }
      emit({ figure: c.figure, p50Ms: p(times, 0.5), p95Ms: p(times, 0.95), targetP95Ms: 300 })
    }

    const monthlyStarted = performance.now()
    const reportUnits = await reportingUnits(k)
    for (const unit of reportUnits) await generateMonthlyReport(deps, unit, '2026-10')
    emit({ figure: 'dashboard_monthly_reports_street', units: reportUnits.length, seconds: Math.round((performance.now() - monthlyStarted) / 100) / 10 })
  } finally {
    await bench.close()
  }
}
