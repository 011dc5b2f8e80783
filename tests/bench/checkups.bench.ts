import { sql } from 'kysely'
import { createApp } from '../../cloud/app'
import { addMinutes } from '../../cloud/platform/clock'
import { newId } from '../../cloud/platform/ids'
import { loadActor } from '../../cloud/accounts/repository/people'
import { issueSession } from '../../cloud/accounts/issue-session'
import { bookCheckup } from '../../cloud/checkups/book-checkup'
import { listCheckupSessions } from '../../cloud/checkups/list-sessions'
import { drive, p, openBenchDb, type Emit } from './lib'

const CLIENTS = 200
const POOL = Number(process.env.CHECKUPS_BENCH_POOL ?? 20)

/**
 * 体检预约 on PostgreSQL: bookings/s through the real use case (policy, eligibility, consent,
 * atomic place, booking row, reminder job, notice + outbox, audit) spread over 100 sessions and on
 * one hot session with 200 clients, each against a raw single-statement baseline (the place and the
 * booking row in one statement, nothing else) run in the same process right after; the same
 * booking through HTTP with Idempotency-Key (auth + idempotency + use case); availability p95 for
 * a campaign with 2,000 sessions. The machine's load is printed with each figure: on 2 shared cores
 * the absolute numbers move a lot, the ratios much less.
 */
export default async function (emit: Emit, { databaseUrl }: { databaseUrl?: string | null }): Promise<void> {
  if (!databaseUrl) {
    emit({ figure: 'checkups', skipped: 'needs DATABASE_URL' })
    return
  }
  const now = new Date('2026-11-27T04:00:00Z')
  const bench = await openBenchDb(databaseUrl, 'checkups', { poolSize: POOL, seededAt: now })
  const load = async () => +(await import('node:os')).loadavg()[0].toFixed(2)
  try {
    const db = bench.db
    const k = db.kysely
    const community = (await k.selectFrom('org_units').select('id').where('name', '=', '东湖社区').executeTakeFirstOrThrow()).id
    const staff = (await k.selectFrom('users').select('id').where('username', '=', 'staff01').executeTakeFirstOrThrow()).id
    const campaignId = newId()
    await k
      .insertInto('checkup_campaigns')
      .values({ id: campaignId, community_id: community, year: 2027, title: 'bench', age_on: '2027-12-31', release_at: now, created_by: staff, created_at: now })
      .execute()
    // 2,000 sessions: 0–99 spread (use case), 100–199 spread (raw), 200/201 hot (1,000 places each),
    // 202–301 spread (HTTP); all of them count for the availability query
    const HOT = 200
    const sessions = Array.from({ length: 2000 }, (_, i) => ({
      id: newId(),
      campaign_id: campaignId,
      starts_at: addMinutes(now, 1440 + i * 30),
      ends_at: addMinutes(now, 1470 + i * 30),
      place: '东湖社区卫生服务站',
      capacity: i === HOT || i === HOT + 1 ? 1000 : 30,
      created_at: now,
    }))
    for (let i = 0; i < sessions.length; i += 500)
      await k
        .insertInto('checkup_sessions')
        .values(sessions.slice(i, i + 500))
        .execute()
    const elders = Array.from({ length: 8000 }, (_, i) => ({ id: newId(), name: `长者${i}`, birth_date: '1950-01-01', community_id: community, created_at: now }))
    for (let i = 0; i < elders.length; i += 1000) {
      await k
        .insertInto('users')
        .values(elders.slice(i, i + 1000))
        .execute()
      await k
        .insertInto('consents')
        .values(elders.slice(i, i + 1000).map((e) => ({ id: newId(), user_id: e.id, kind: 'health', version: '2026-11', accepted_at: now, recorded_by: null })))
        .execute()
    }
    await sql`ANALYZE`.execute(k)
    const deps = bench.deps(now)
    const actors = await Promise.all(elders.map((e) => loadActor(k, e.id)))

    const useCase = (from: number, count: number, session: (i: number) => string) =>
      Array.from({ length: count }, (_, j) => () => bookCheckup(deps, actors[from + j]!, { elderId: elders[from + j].id, sessionId: session(j) }))
    // the baseline: one statement that takes a place if one is left and writes the booking row
    const raw = (from: number, count: number, session: (i: number) => string) =>
      Array.from(
        { length: count },
        (_, j) => () =>
          sql`WITH place AS (UPDATE checkup_sessions SET booked = booked + 1 WHERE id = ${session(j)} AND booked < capacity RETURNING id, campaign_id)
          INSERT INTO checkup_bookings (id, campaign_id, session_id, elder_id, status, channel, booked_by, check_in_code, created_at, updated_at)
          SELECT ${newId()}::uuid, campaign_id, id, ${elders[from + j].id}::uuid, 'booked', 'self', ${elders[from + j].id}::uuid, ${`raw${newId().replace(/-/g, '')}`}, ${now}::timestamptz, ${now}::timestamptz FROM place`.execute(
            k,
          ),
      )
    const figure = async (label: string, use: () => Promise<{ perSecond: number; failed: number }>, base: () => Promise<{ perSecond: number; failed: number }>, extra: Record<string, unknown>) => {
      const l = await load()
      const u = await use()
      const r = await base()
      emit({
        figure: label,
        unit: 'bookings/s',
        value: u.perSecond,
        failed: u.failed,
        rawBaseline: r.perSecond,
        ratio: +(u.perSecond / r.perSecond).toFixed(2),
        clients: CLIENTS,
        pool: POOL,
        load1: l,
        ...extra,
      })
    }
    // spread: 1,500 bookings over 100 sessions each way
    await figure(
      'checkups.book.spread',
      () =>
        drive(
          useCase(0, 1500, (j) => sessions[j % 100].id),
          CLIENTS,
        ),
      () =>
        drive(
          raw(1500, 1500, (j) => sessions[100 + (j % 100)].id),
          CLIENTS,
        ),
      { sessions: 100 },
    )
    // hot: 1,000 bookings on one session each way
    await figure(
      'checkups.book.hot',
      () =>
        drive(
          useCase(3000, 1000, () => sessions[HOT].id),
          CLIENTS,
        ),
      () =>
        drive(
          raw(4000, 1000, () => sessions[HOT + 1].id),
          CLIENTS,
        ),
      { sessions: 1 },
    )
    // through HTTP with Idempotency-Key: the session check, the key claimed and its answer stored
    const app = createApp(deps)
    const tokens = await Promise.all(elders.slice(5000, 6000).map(async (e) => (await issueSession(deps, e.id)).token))
    const viaHttp = Array.from({ length: 1000 }, (_, j) => async () => {
      const res = await app.request('/api/v1/checkups/bookings', {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens[j]}`, 'content-type': 'application/json', 'idempotency-key': `bench-${j}-${newId()}` },
        body: JSON.stringify({ elderId: elders[5000 + j].id, sessionId: sessions[HOT + 2 + (j % 100)].id }),
      })
      if (res.status !== 201) throw new Error(`HTTP ${res.status}`)
    })
    const l = await load()
    const http = await drive(viaHttp, CLIENTS)
    emit({ figure: 'checkups.book.http_idempotent', unit: 'bookings/s', value: http.perSecond, failed: http.failed, clients: CLIENTS, pool: POOL, sessions: 100, load1: l })

    const over = await k
      .selectFrom('checkup_sessions')
      .select('id')
      .where(sql<boolean>`booked > capacity`)
      .execute()
    if (over.length) throw new Error('capacity exceeded')
    const counted = await sql<{
      n: number
    }>`SELECT count(*)::int AS n FROM checkup_sessions s WHERE s.booked <> (SELECT count(*) FROM checkup_bookings b WHERE b.session_id = s.id AND b.status = 'booked')`.execute(k)
    if (counted.rows[0].n !== 0) throw new Error('booked counters disagree with the booking rows')

    // availability of a campaign with 2,000 sessions, as a resident sees it (sequential requests)
    const resident = (await loadActor(k, elders[7000].id))!
    const times: number[] = []
    for (let i = 0; i < 300; i++) {
      const t = performance.now()
      const r = await listCheckupSessions(deps, resident, campaignId)
      times.push(performance.now() - t)
      if (r.items.length !== 2000) throw new Error(`expected 2000 sessions, got ${r.items.length}`)
    }
    emit({ figure: 'checkups.availability.p95', unit: 'ms', value: p(times, 0.95), p50: p(times, 0.5), sessions: 2000, load1: await load() })
  } finally {
    await bench.close()
  }
}
