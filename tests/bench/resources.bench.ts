import { sql } from 'kysely'
import { loadActor } from '../../cloud/accounts/repository/people'
import { bookResource } from '../../cloud/resources/book-resource'
import { searchResources } from '../../cloud/resources/search-resources'
import { AppError } from '../../cloud/platform/errors'
import { shanghaiTime } from '../../cloud/platform/clock'
import { drive, p, openBenchDb, type Emit } from './lib'

/**
 * 资源共享 on PostgreSQL: bookings per second spread over 200 rooms, the same on one hot room
 * (overlapping hours: the exclusion constraint refuses, the clash is read and named) and on one hot
 * piece of equipment (row lock + peak count), and the street-wide search p95 with 1,000 resources
 * and 20,000 bookings.
 */
export default async function (emit: Emit, { databaseUrl }: { databaseUrl?: string | null }): Promise<void> {
  if (!databaseUrl) {
    emit({ figure: 'resources', skipped: 'needs DATABASE_URL' })
    return
  }
  const now = new Date('2026-11-27T04:00:00Z')
  const bench = await openBenchDb(databaseUrl, 'resources', { poolSize: 16, seededAt: now })
  try {
    const k = bench.db.kysely
    const deps = bench.deps(now)
    const ma = (await k.selectFrom('users').select('id').where('phone', '=', '13800000019').executeTakeFirstOrThrow()).id
    const actor = (await loadActor(k, ma))!
    const community = (await k.selectFrom('org_units').select('id').where('name', '=', '东湖社区').executeTakeFirstOrThrow()).id
    await sql`
      INSERT INTO resources (id, community_id, kind, name, capacity, audience, needs_approval, created_at)
      SELECT gen_random_uuid(), ${community}, CASE WHEN i % 5 = 0 THEN 'equipment' ELSE 'room' END, '压测场地' || i, CASE WHEN i % 5 = 0 THEN 10 ELSE 30 END, 'street', i % 2 = 0, ${now}
      FROM generate_series(1, 1000) i`.execute(k)
    const rooms = (await k.selectFrom('resources').select('id').where('name', 'like', '压测场地%').where('kind', '=', 'room').orderBy('name').limit(200).execute()).map((r) => r.id)
    const equipment = (await k.selectFrom('resources').select('id').where('name', 'like', '压测场地%').where('kind', '=', 'equipment').limit(1).executeTakeFirstOrThrow()).id
    const slot = (day: number, hour: number, minutes = 60) => {
      const start = new Date(shanghaiTime('2026-12-01', '08:00').getTime() + day * 86_400_000 + hour * 3_600_000)
      return { startsAt: start.toISOString(), endsAt: new Date(start.getTime() + minutes * 60_000).toISOString() }
    }
    // spread: 200 rooms × 20 free hours each, 32 clients
    const spread = rooms.flatMap((room, r) => Array.from({ length: 20 }, (_, i) => () => bookResource(deps, actor, room, slot(i % 20, (i + r) % 12))))
    const s = await drive(spread, 32)
    emit({ figure: 'resources.book.spread', perSecond: s.perSecond, p95ms: p(s.times, 0.95), failed: s.failed, clients: 32 })

    // hot room: 1,000 attempts at overlapping hours of one room, 200 clients; refusals name their clash
    const hot = rooms[0]
    let refused = 0
    const hotJobs = Array.from({ length: 1000 }, (_, i) => async () => {
      try {
        // 20 days × 600 one-hour ranges starting a minute apart: most overlap one already held
        const base = shanghaiTime('2026-12-26', '08:00').getTime() + (i % 20) * 86_400_000 + (i % 600) * 60_000
        await bookResource(deps, actor, hot, { startsAt: new Date(base).toISOString(), endsAt: new Date(base + 3_600_000).toISOString() })
      } catch (e) {
        if (!(e instanceof AppError) || e.code !== 'RESOURCE_TAKEN') throw e
        refused++
      }
    })
    const h = await drive(hotJobs, 200)
    emit({ figure: 'resources.book.hot_room', attemptsPerSecond: h.perSecond, p95ms: p(h.times, 0.95), refusedWithClash: refused, booked: 1000 - refused - h.failed, failed: h.failed, clients: 200 })

    // hot equipment: 1,000 single-unit attempts at one of 10 ranges, 200 clients
    let full = 0
    const eqJobs = Array.from({ length: 1000 }, (_, i) => async () => {
      try {
        await bookResource(deps, actor, equipment, { ...slot(50, i % 10), quantity: 1 })
      } catch (e) {
        if (!(e instanceof AppError) || e.code !== 'RESOURCE_TAKEN') throw e
        full++
      }
    })
    const eq = await drive(eqJobs, 200)
    emit({ figure: 'resources.book.hot_equipment', attemptsPerSecond: eq.perSecond, p95ms: p(eq.times, 0.95), booked: 1000 - full - eq.failed, expected: 100, failed: eq.failed, clients: 200 })

    // search: 1,000+ resources, ~20,000 bookings on the street
    await sql`
      INSERT INTO resource_bookings (id, resource_id, community_id, user_id, series_id, starts_at, ends_at, quantity, exclusive, status, created_at)
      SELECT gen_random_uuid(), r.id, r.community_id, ${ma}, gen_random_uuid(), t, t + interval '1 hour', 1, r.exclusive, 'approved', ${now}
      FROM (SELECT id, community_id, exclusive, row_number() OVER () AS n FROM resources WHERE name LIKE '压测场地%' AND kind = 'room' OFFSET 200) r,
        LATERAL (SELECT timestamptz '2027-02-01 08:00+08' + (g || ' days')::interval AS t FROM generate_series(0, 24) g) tt`.execute(k)
    const times: number[] = []
    for (let i = 0; i < 100; i++) {
      const t = performance.now()
      await searchResources(deps, actor, { kind: 'room', date: `2027-02-${String(1 + (i % 25)).padStart(2, '0')}` })
      times.push(performance.now() - t)
    }
    const counted = await sql<{ r: number; b: number }>`SELECT (SELECT count(*) FROM resources)::int AS r, (SELECT count(*) FROM resource_bookings)::int AS b`.execute(k)
    emit({ figure: 'resources.search', p50ms: p(times, 0.5), p95ms: p(times, 0.95), resources: counted.rows[0].r, bookings: counted.rows[0].b })
  } finally {
    await bench.close()
  }
}
