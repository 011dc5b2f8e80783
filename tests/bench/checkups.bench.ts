import { Client } from 'pg'
import { sql } from 'kysely'
import { openDb } from '../../cloud/db/db'
import { migrate } from '../../cloud/db/migrate'
import { seedDemo } from '../../cloud/db/seed/demo'
import { fixedClock, addMinutes } from '../../cloud/platform/clock'
import { testConfig } from '../../cloud/platform/config'
import { silentLogger } from '../../cloud/platform/logger'
import { memorySmsProvider } from '../../cloud/platform/sms'
import { newId } from '../../cloud/platform/ids'
import { loadActor } from '../../cloud/accounts/accounts.repository'
import type { AppDeps } from '../../cloud/app'
import { bookCheckup } from '../../cloud/checkups/book-checkup'
import { listCheckupSessions } from '../../cloud/checkups/list-sessions'
import { withDatabase } from '../helpers/db'

type Emit = (figure: Record<string, unknown>) => void

/** Runs `jobs` with `clients` workers; returns completed per second. */
async function drive(jobs: (() => Promise<unknown>)[], clients: number): Promise<number> {
  let next = 0
  const started = performance.now()
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < jobs.length) await jobs[next++]().catch(() => undefined)
    }),
  )
  return jobs.length / ((performance.now() - started) / 1000)
}

/**
 * 体检预约 on PostgreSQL: bookings/s through the real use case (policy, eligibility, consent,
 * atomic place, booking row, notice, reminder job) spread over 100 sessions and on one hot session
 * with 200 clients, each against a raw single-statement baseline; availability p95 at 2,000 sessions.
 */
export default async function (emit: Emit, { databaseUrl }: { databaseUrl?: string | null }): Promise<void> {
  if (!databaseUrl) {
    emit({ figure: 'checkups', skipped: 'needs DATABASE_URL' })
    return
  }
  const name = `linli_bench_checkups_${process.pid}`
  const admin = new Client({ connectionString: databaseUrl })
  await admin.connect()
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
  await admin.query(`CREATE DATABASE ${name}`)
  const db = await openDb({ databaseUrl: withDatabase(databaseUrl, name), poolSize: 20 })
  try {
    const now = new Date('2026-11-27T04:00:00Z')
    await migrate(db.kysely)
    await seedDemo(db.kysely, now, 'bench-pepper')
    const k = db.kysely
    const community = (await k.selectFrom('org_units').select('id').where('name', '=', '东湖社区').executeTakeFirstOrThrow()).id
    const staff = (await k.selectFrom('users').select('id').where('username', '=', 'staff01').executeTakeFirstOrThrow()).id
    const campaignId = newId()
    await k.insertInto('checkup_campaigns').values({ id: campaignId, community_id: community, year: 2027, title: 'bench', age_on: '2027-12-31', release_at: now, created_by: staff, created_at: now }).execute()
    // 2,000 sessions: 0–99 spread (30 places), 100 and 101 hot (1,000 places each), the rest for the availability query
    const sessions = Array.from({ length: 2000 }, (_, i) => ({
      id: newId(),
      campaign_id: campaignId,
      starts_at: addMinutes(now, 1440 + i * 30),
      ends_at: addMinutes(now, 1470 + i * 30),
      place: '东湖社区卫生服务站',
      capacity: i === 100 || i === 101 ? 1000 : 30,
      created_at: now,
    }))
    for (let i = 0; i < sessions.length; i += 500) await k.insertInto('checkup_sessions').values(sessions.slice(i, i + 500)).execute()
    const elders = Array.from({ length: 6000 }, (_, i) => ({ id: newId(), name: `长者${i}`, birth_date: '1950-01-01', community_id: community, created_at: now }))
    for (let i = 0; i < elders.length; i += 1000) {
      await k.insertInto('users').values(elders.slice(i, i + 1000)).execute()
      await k
        .insertInto('consents')
        .values(elders.slice(i, i + 1000).map((e) => ({ id: newId(), user_id: e.id, kind: 'health', version: '2026-11', accepted_at: now, recorded_by: null })))
        .execute()
    }
    await sql`ANALYZE`.execute(k)
    const deps: AppDeps = { db, clock: fixedClock(now), config: testConfig(), logger: silentLogger, sms: memorySmsProvider(), notifier: { deliver: async () => undefined } } as unknown as AppDeps
    const actors = await Promise.all(elders.map((e) => loadActor(k, e.id)))

    const useCase = (from: number, count: number, session: (i: number) => string) =>
      Array.from({ length: count }, (_, j) => () => bookCheckup(deps, actors[from + j]!, { elderId: elders[from + j].id, sessionId: session(j) }))
    const raw = (from: number, count: number, session: (i: number) => string) =>
      Array.from({ length: count }, (_, j) => () =>
        k.transaction().execute(async (tx) => {
          const r = await sql`UPDATE checkup_sessions SET booked = booked + 1 WHERE id = ${session(j)} AND booked < capacity RETURNING id`.execute(tx)
          if (r.rows.length === 0) return
          await sql`INSERT INTO checkup_bookings (id, campaign_id, session_id, elder_id, status, channel, booked_by, check_in_code, created_at, updated_at)
            VALUES (${newId()}, ${campaignId}, ${session(j)}, ${elders[from + j].id}, 'booked', 'self', ${elders[from + j].id}, ${`raw${newId().replace(/-/g, '')}`}, ${now}, ${now})`.execute(tx)
        }),
      )
    // spread: 1,500 bookings over sessions 0–49 (use case) and 50–99 (raw), 200 clients
    const spreadUse = await drive(useCase(0, 1500, (j) => sessions[j % 50].id), 200)
    const spreadRaw = await drive(raw(1500, 1500, (j) => sessions[50 + (j % 50)].id), 200)
    emit({ figure: 'checkups.book.spread', unit: 'bookings/s', value: Math.round(spreadUse), rawBaseline: Math.round(spreadRaw), ratio: +(spreadUse / spreadRaw).toFixed(2), clients: 200, sessions: 100 })
    // hot: 1,000 bookings on session 100 (use case) and 1,000 on session 101 (raw)
    const hotUse = await drive(useCase(3000, 1000, () => sessions[100].id), 200)
    const hotRaw = await drive(raw(4000, 1000, () => sessions[101].id), 200)
    emit({ figure: 'checkups.book.hot', unit: 'bookings/s', value: Math.round(hotUse), rawBaseline: Math.round(hotRaw), ratio: +(hotUse / hotRaw).toFixed(2), clients: 200 })
    const over = await k.selectFrom('checkup_sessions').select('id').where(sql<boolean>`booked > capacity`).execute()
    if (over.length) throw new Error('capacity exceeded')

    // availability of a campaign with 2,000 sessions, as a resident sees it
    const resident = (await loadActor(k, elders[0].id))!
    const times: number[] = []
    for (let i = 0; i < 300; i++) {
      const t = performance.now()
      await listCheckupSessions(deps, resident, campaignId)
      times.push(performance.now() - t)
    }
    times.sort((a, b) => a - b)
    emit({ figure: 'checkups.availability.p95', unit: 'ms', value: +times[Math.floor(times.length * 0.95)].toFixed(2), p50: +times[Math.floor(times.length / 2)].toFixed(2), sessions: 2000 })
  } finally {
    await db.close()
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    await admin.end()
  }
}
