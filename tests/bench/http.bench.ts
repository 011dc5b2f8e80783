/**
 * `npm run bench http`: the hot path of every signed-in screen, GET /api/v1/me, against
 * GET /api/v1/health (a route that touches nothing: the ceiling of this server on this machine),
 * same server and load generator, same run. The Node app runs in its own process on PostgreSQL
 * (tests/bench/http-server.ts); 32 keep-alive connections, each with a real session of one of the
 * ten demo logins (residents by SMS code, staff by password). Target: /me ≥ 0.35 of /health.
 */
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { Client } from 'pg'
import autocannon from 'autocannon'
import { withDatabase } from '../helpers/db'
import { DEMO_PASSWORD, DEMO_SMS_CODE } from '../../cloud/db/seed/demo'
import type { Emit } from './lib'

const CONNECTIONS = 32
const PORT = 3906
const ROUNDS = 5
const SECONDS = 4
const RESIDENTS = ['13800000001', '13800000002', '13800000003', '13800000004']
const STAFF = ['grid01', 'staff01', 'lead01', 'dept01', 'health01', 'admin01']

async function post(base: string, path: string, body: object): Promise<string> {
  const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  if (!res.ok) throw new Error(`${path} answered ${res.status}: ${await res.text()}`)
  return ((await res.json()) as { token: string }).token
}

async function measure(base: string, path: string, tokens: string[] | null, seconds: number) {
  let next = 0
  const r = await autocannon({
    url: `${base}${path}`,
    connections: CONNECTIONS,
    duration: seconds,
    // each connection keeps one person's session: 32 connections over the ten demo logins
    setupClient: tokens ? (client) => client.setHeaders({ authorization: `Bearer ${tokens[next++ % tokens.length]}` }) : undefined,
  })
  return { rps: Math.round(r.requests.average), p50_ms: r.latency.p50, p99_ms: r.latency.p99, non2xx: r.non2xx, errors: r.errors }
}

export default async function run(emit: Emit, env: { databaseUrl: string | null }): Promise<void> {
  if (!env.databaseUrl) return emit({ figure: 'http_me_vs_health', skipped: 'DATABASE_URL not set' })
  const dbName = `linli_bench_http_${process.pid}`
  const admin = new Client({ connectionString: env.databaseUrl })
  await admin.connect()
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`)
  await admin.query(`CREATE DATABASE ${dbName}`)
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'http-server.ts')], {
    cwd: join(__dirname, '..', '..'),
    env: { ...process.env, DATABASE_URL: withDatabase(env.databaseUrl, dbName), PORT: String(PORT), DB_POOL_SIZE: process.env.DB_POOL_SIZE || '16', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  try {
    await new Promise<void>((ready, fail) => {
      child.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && ready())
      child.once('exit', (code) => fail(new Error(`bench server exited with ${code}`)))
    })
    const base = `http://127.0.0.1:${PORT}`
    const tokens = [
      ...(await Promise.all(RESIDENTS.map((phone) => post(base, '/api/v1/auth/sms/verify', { phone, code: DEMO_SMS_CODE })))),
      ...(await Promise.all(STAFF.map((username) => post(base, '/api/v1/auth/staff/login', { username, password: DEMO_PASSWORD })))),
    ]
    // warm-up of both routes (JIT, pool, plans), then rounds of /health then /me: on a shared machine
    // a neighbour's burst hits one round, so each figure is the median of the rounds and the ratio
    // the median of the rounds' ratios
    await measure(base, '/api/v1/health', null, 2)
    await measure(base, '/api/v1/me', tokens, 3)
    const rounds: { health: Awaited<ReturnType<typeof measure>>; me: Awaited<ReturnType<typeof measure>> }[] = []
    for (let i = 0; i < ROUNDS; i++) rounds.push({ health: await measure(base, '/api/v1/health', null, SECONDS), me: await measure(base, '/api/v1/me', tokens, SECONDS) })
    const mid = <T>(xs: T[], by: (x: T) => number): T => [...xs].sort((a, b) => by(a) - by(b))[Math.floor(xs.length / 2)]
    const health = mid(
      rounds.map((r) => r.health),
      (x) => x.rps,
    )
    const me = mid(
      rounds.map((r) => r.me),
      (x) => x.rps,
    )
    const ratios = rounds.map((r) => Math.round((r.me.rps / r.health.rps) * 100) / 100)
    emit({ figure: 'http_health_requests_per_second', db: 'none', connections: CONNECTIONS, seconds: SECONDS, ...health, rounds: rounds.map((r) => r.health.rps) })
    emit({ figure: 'http_me_requests_per_second', db: 'pg', connections: CONNECTIONS, sessions: tokens.length, seconds: SECONDS, ...me, rounds: rounds.map((r) => r.me.rps) })
    emit({ figure: 'http_me_to_health_ratio', ratio: mid(ratios, (x) => x), rounds: ratios, target: 0.35 })
  } finally {
    child.kill('SIGTERM')
    await new Promise((r) => child.once('exit', r))
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`)
    await admin.end()
  }
}
