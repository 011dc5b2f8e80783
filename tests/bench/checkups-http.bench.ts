import { Agent, request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { loadavg } from 'node:os'
import { serve } from '@hono/node-server'
import { sql } from 'kysely'
import { createApp } from '../../cloud/app'
import { loadActor } from '../../cloud/accounts/repository/people'
import { issueSession } from '../../cloud/accounts/issue-session'
import { bookCheckup } from '../../cloud/checkups/book-checkup'
import { addMinutes } from '../../cloud/platform/clock'
import { newId } from '../../cloud/platform/ids'
import { drive, openBenchDb, type Emit } from './lib'

const CLIENTS = 32
const SESSIONS = 100
const CAPACITY = 25
// 10 % more attempts than places: the last places of every session are raced for, and the
// refusals (409 SESSION_FULL) are part of the run; the figure counts bookings made
const ATTEMPTS = Math.round(SESSIONS * CAPACITY * 1.1)
const POOL = Number(process.env.CHECKUPS_BENCH_POOL ?? 16)

type Run = { perSecond: number; failed: number }

/**
 * 体检预约 booking on PostgreSQL, three figures in one run on the same machine and database
 * (32 clients, 100 sessions each, 10 % more attempts than places):
 * - raw: the single-statement baseline (take a place if one is left and write the booking row,
 *   nothing else: no session check, no rules, no job, notice, outbox or audit);
 * - in-process: the bookCheckup use case;
 * - HTTP: POST /api/v1/checkups/bookings on a real Node server (@hono/node-server on 127.0.0.1,
 *   random port), each booking with the elder's own session token and its own Idempotency-Key.
 * Each prints {"figure", "perSecond", "ratio"} (ratio to the raw baseline). Afterwards no session
 * may hold more bookings than places, and every counter must equal its booking rows.
 */
export default async function (emit: Emit, { databaseUrl }: { databaseUrl?: string | null }): Promise<void> {
  if (!databaseUrl) {
    emit({ figure: 'checkups-http', skipped: 'needs DATABASE_URL' })
    return
  }
  const now = new Date('2026-11-27T04:00:00Z')
  const bench = await openBenchDb(databaseUrl, 'checkups_http', { poolSize: POOL, seededAt: now })
  const load1 = () => +loadavg()[0].toFixed(2)
  try {
    const k = bench.db.kysely
    const community = (await k.selectFrom('org_units').select('id').where('name', '=', '东湖社区').executeTakeFirstOrThrow()).id
    const staff = (await k.selectFrom('users').select('id').where('username', '=', 'staff01').executeTakeFirstOrThrow()).id
    const campaignId = newId()
    await k
      .insertInto('checkup_campaigns')
      .values({ id: campaignId, community_id: community, year: 2027, title: 'bench', age_on: '2027-12-31', release_at: now, held_back: 0, created_by: staff, created_at: now })
      .execute()
    // groups of 100 sessions: 0 raw, 1 in-process, 2 HTTP, 3 warm-up
    const sessions = Array.from({ length: SESSIONS * 4 }, (_, i) => ({
      id: newId(),
      campaign_id: campaignId,
      starts_at: addMinutes(now, 1440 + i * 30),
      ends_at: addMinutes(now, 1470 + i * 30),
      place: '东湖社区卫生服务站',
      capacity: CAPACITY,
      created_at: now,
    }))
    await k.insertInto('checkup_sessions').values(sessions).execute()
    const group = (g: number, j: number) => sessions[g * SESSIONS + (j % SESSIONS)].id
    const elders = Array.from({ length: ATTEMPTS * 3 + 300 }, (_, i) => ({ id: newId(), name: `长者${i}`, birth_date: '1950-01-01', community_id: community, created_at: now }))
    for (let i = 0; i < elders.length; i += 1000) {
      const some = elders.slice(i, i + 1000)
      await k.insertInto('users').values(some).execute()
      await k
        .insertInto('consents')
        .values(some.map((e) => ({ id: newId(), user_id: e.id, kind: 'health', version: '2026-11', accepted_at: now, recorded_by: null })))
        .execute()
    }
    await sql`ANALYZE`.execute(k)
    const deps = bench.deps(now)
    const elder = (g: number, j: number) => elders[g * ATTEMPTS + j]
    const actors = await Promise.all(elders.slice(ATTEMPTS, ATTEMPTS * 2).map((e) => loadActor(k, e.id)))
    const warmActors = await Promise.all(elders.slice(ATTEMPTS * 3).map((e) => loadActor(k, e.id)))
    const tokens = await Promise.all(elders.slice(ATTEMPTS * 2, ATTEMPTS * 3).map(async (e) => (await issueSession(deps, e.id)).token))

    const app = createApp(deps)
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 })
    await new Promise<void>((resolve) => (server.listening ? resolve() : server.once('listening', () => resolve())))
    const port = (server.address() as AddressInfo).port
    const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS })
    const post = (token: string, key: string, body: string) =>
      new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = request(
          {
            agent,
            host: '127.0.0.1',
            port,
            method: 'POST',
            path: '/api/v1/checkups/bookings',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key, 'content-length': Buffer.byteLength(body) },
          },
          (res) => {
            let text = ''
            res.setEncoding('utf8')
            res.on('data', (d: string) => (text += d))
            res.on('end', () => resolve({ status: res.statusCode ?? 0, text }))
          },
        )
        req.on('error', reject)
        req.end(body)
      })

    try {
      // a full booking counts; a 409 SESSION_FULL is the expected refusal; anything else fails the run
      const refusedOrThrow = (code: string | undefined) => {
        if (code !== 'SESSION_FULL') throw new Error(`unexpected refusal ${code}`)
        return 'refused' as const
      }
      const raw = Array.from({ length: ATTEMPTS }, (_, j) => async () => {
        const e = elder(0, j)
        const r = await sql`WITH place AS (UPDATE checkup_sessions SET booked = booked + 1 WHERE id = ${group(0, j)} AND booked < capacity RETURNING id, campaign_id)
          INSERT INTO checkup_bookings (id, campaign_id, session_id, elder_id, status, channel, booked_by, check_in_code, created_at, updated_at)
          SELECT ${newId()}::uuid, campaign_id, id, ${e.id}::uuid, 'booked', 'self', ${e.id}::uuid, ${`raw${newId().replace(/-/g, '')}`}, ${now}::timestamptz, ${now}::timestamptz FROM place`.execute(
          k,
        )
        return Number(r.numAffectedRows ?? 0) === 1 ? ('booked' as const) : ('refused' as const)
      })
      const inProcess = Array.from({ length: ATTEMPTS }, (_, j) => async () => {
        try {
          await bookCheckup(deps, actors[j]!, { elderId: elder(1, j).id, sessionId: group(1, j) })
          return 'booked' as const
        } catch (error) {
          return refusedOrThrow((error as { code?: string }).code)
        }
      })
      const viaHttp = Array.from({ length: ATTEMPTS }, (_, j) => async () => {
        const res = await post(tokens[j], `bench-${newId()}`, JSON.stringify({ elderId: elder(2, j).id, sessionId: group(2, j) }))
        if (res.status === 201) return 'booked' as const
        if (res.status === 409) return refusedOrThrow((JSON.parse(res.text) as { error?: { code?: string } }).error?.code)
        throw new Error(`HTTP ${res.status} ${res.text.slice(0, 200)}`)
      })
      // warm-up: every pooled connection opened and the plans of both paths cached
      await drive(
        warmActors.map((a, j) => () => bookCheckup(deps, a!, { elderId: a!.userId, sessionId: group(3, j) })),
        CLIENTS,
      )
      let firstError: unknown = null
      const measure = async (jobs: (() => Promise<'booked' | 'refused'>)[]) => {
        let booked = 0
        const l = load1()
        const started = performance.now()
        const r: Run = await drive(
          jobs.map((job) => async () => {
            const outcome = await job().catch((error: unknown) => {
              firstError ??= error
              throw error
            })
            if (outcome === 'booked') booked++
          }),
          CLIENTS,
        )
        const seconds = (performance.now() - started) / 1000
        if (r.failed) throw new Error(`${r.failed} attempts failed: ${firstError}`)
        return { perSecond: Math.round(booked / seconds), booked, refused: ATTEMPTS - booked, load1: l }
      }
      const base = await measure(raw)
      const common = { clients: CLIENTS, sessions: SESSIONS, capacity: CAPACITY, attempts: ATTEMPTS, pool: POOL }
      emit({ figure: 'checkups.book.raw_baseline', ...base, ratio: 1, ...common })
      const use = await measure(inProcess)
      emit({ figure: 'checkups.book.in_process', ...use, ratio: +(use.perSecond / base.perSecond).toFixed(2), target: 0.5, ...common })
      const http = await measure(viaHttp)
      emit({ figure: 'checkups.book.http_idempotent', ...http, ratio: +(http.perSecond / base.perSecond).toFixed(2), target: 0.2, ...common })

      // zero overbooking: every place taken once, never more
      const places = SESSIONS * CAPACITY
      for (const [name, r] of [
        ['raw', base],
        ['in-process', use],
        ['http', http],
      ] as const) {
        if (r.booked !== places) throw new Error(`${name}: ${r.booked} bookings for ${places} places`)
      }
      const over = await sql<{ n: number }>`SELECT count(*)::int AS n FROM checkup_sessions s WHERE s.booked > s.capacity
        OR (SELECT count(*) FROM checkup_bookings b WHERE b.session_id = s.id AND b.status = 'booked') > s.capacity`.execute(k)
      if (over.rows[0].n !== 0) throw new Error(`${over.rows[0].n} sessions overbooked`)
      const counted = await sql<{
        n: number
      }>`SELECT count(*)::int AS n FROM checkup_sessions s WHERE s.booked <> (SELECT count(*) FROM checkup_bookings b WHERE b.session_id = s.id AND b.status = 'booked')`.execute(k)
      if (counted.rows[0].n !== 0) throw new Error('booked counters disagree with the booking rows')
      emit({ figure: 'checkups.book.overbooking', sessions: SESSIONS * 4, overbooked: 0, countersMatchRows: true })
    } finally {
      agent.destroy()
      await new Promise((resolve) => server.close(resolve))
    }
  } finally {
    await bench.close()
  }
}
