import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createTestContext, TEST_NOW, type TestContext } from '../helpers/app'
import { DB_KINDS } from '../helpers/db'
import { emptyPgDatabase } from '../helpers/processes'
import { jpegWithGps } from '../fixtures/reports/photos'
import { deliverOutbox, tick } from '../../cloud/app'
import { outboxDispatcher } from '../../cloud/platform/outbox'
import { silentLogger } from '../../cloud/platform/logger'
import { newId } from '../../cloud/platform/ids'
import { demoGridCentre } from '../../cloud/reports/reports.seed'
import { startServer, type RunningServer } from '../../cloud/entry/node'

async function publishMany(c: TestContext, topic: string, n: number): Promise<string[]> {
  const ids = Array.from({ length: n }, () => newId())
  await c.db.kysely
    .insertInto('outbox')
    .values(ids.map((id, i) => ({ id, topic, payload: JSON.stringify({ n: i, id }), created_at: new Date(Date.parse(TEST_NOW) - 60_000) })))
    .execute()
  return ids
}

const deliveredOf = (c: TestContext, topic: string) => c.delivered.filter((d) => d.topic === topic).map((d) => (d.payload as { id: string }).id)

describe.each(DB_KINDS)('outbox [%s]', (kind) => {
  let c: TestContext
  beforeAll(async () => {
    c = await createTestContext(kind)
  })
  afterAll(async () => {
    await c.deps.outbox?.idle()
    await c.close()
  })

  it('a tick that fell behind drains every batch until nothing is due', async () => {
    const ids = await publishMany(c, 'test.backlog', 180)
    const result = await tick(c.deps, c.clock.now())
    expect(result.outboxDelivered).toBeGreaterThanOrEqual(180)
    expect(deliveredOf(c, 'test.backlog').sort()).toEqual([...ids].sort())
    const left = await c.db.kysely.selectFrom('outbox').select('id').where('topic', '=', 'test.backlog').where('delivered_at', 'is', null).execute()
    expect(left).toHaveLength(0)
  })

  it('a failing delivery backs off instead of being retried inside the same drain', async () => {
    const notifier = c.deps.notifier
    let calls = 0
    c.deps.notifier = {
      async deliver(topic, payload) {
        if (topic === 'test.failing') {
          calls++
          throw new Error('gateway down')
        }
        return notifier.deliver(topic, payload)
      },
    }
    try {
      await publishMany(c, 'test.failing', 1)
      await tick(c.deps, c.clock.now())
      expect(calls).toBe(1)
      await tick(c.deps, c.clock.now()) // not due again yet
      expect(calls).toBe(1)
      await tick(c.deps, new Date(c.clock.now().getTime() + 3 * 60_000))
      expect(calls).toBe(2)
    } finally {
      c.deps.notifier = notifier
    }
  })

  it('accepting a report credits the reporter right after the commit, before any tick ran', async () => {
    // what boot() wires for the real server: delivery after each successful write
    c.deps.outbox = outboxDispatcher(() => deliverOutbox(c.deps), silentLogger)
    const resident = await c.login('13800000001')
    const grid = await c.login('grid01')
    const before = (await c.call('GET', '/api/v1/me/points', { token: resident })).body.available as number
    const form = new FormData()
    form.append('file', new Blob([new Uint8Array(await jpegWithGps({ seed: 4242 }))], { type: 'image/jpeg' }), 'p.jpg')
    const photo = (await (await c.app.request('/api/v1/uploads', { method: 'POST', headers: { authorization: `Bearer ${resident}` }, body: form })).json()) as { key: string }
    const at = demoGridCentre('东湖社区', '第一网格')
    const report = await c.call('POST', '/api/v1/reports', {
      token: resident,
      body: { category: 'sanitation', description: '楼道里堆满了纸箱没人清理', lat: at.lat + 0.0002, lng: at.lng, photoKeys: [photo.key], anonymous: false },
    })
    expect(report.status).toBe(201)
    const accepted = await c.call('POST', `/api/v1/reports/${report.body.id}/accept`, { token: grid, body: {} })
    expect(accepted.status).toBe(200)
    // real time passes; nothing calls tick here — the only way the points can arrive is the after-commit delivery
    let after = before
    for (let i = 0; i < 200 && after === before; i++) {
      await new Promise((r) => setTimeout(r, 25))
      after = (await c.call('GET', '/api/v1/me/points', { token: resident })).body.available
    }
    expect(after).toBeGreaterThan(before)
    await c.deps.outbox.idle()
    c.deps.outbox = undefined
  })

  ;(kind === 'pg' ? it : it.skip)('4 concurrent ticks over 50 outbox rows deliver each row exactly once', async () => {
    const ids = await publishMany(c, 'test.concurrent', 50)
    const results = await Promise.all([0, 1, 2, 3].map(() => tick(c.deps, c.clock.now())))
    const got = deliveredOf(c, 'test.concurrent')
    expect(got).toHaveLength(50)
    expect(new Set(got).size).toBe(50)
    expect([...got].sort()).toEqual([...ids].sort())
    expect(results.reduce((n, r) => n + r.outboxDelivered, 0)).toBeGreaterThanOrEqual(50)
  })
})

;(process.env.DATABASE_URL ? describe : describe.skip)('two Node instances on one PostgreSQL', () => {
  const saved = { ...process.env }
  let db: Awaited<ReturnType<typeof emptyPgDatabase>>
  let a: RunningServer
  let b: RunningServer
  const dirs: string[] = []
  beforeAll(async () => {
    db = await emptyPgDatabase()
    process.env.JWT_SECRET = 's'.repeat(40)
    process.env.ID_HASH_PEPPER = 'q'.repeat(40)
    process.env.LOG_LEVEL = 'silent'
    for (let i = 0; i < 2; i++) dirs.push(mkdtempSync(join(tmpdir(), 'linli-inst-')))
    a = await startServer({ port: 0, host: '127.0.0.1', dataDir: dirs[0], databaseUrl: db.url, ticks: false, logLevel: 'silent', h5Dir: dirs[0] })
    process.env.METRICS_TOKEN = 'metrics-token-for-b'
    b = await startServer({ port: 0, host: '127.0.0.1', dataDir: dirs[1], databaseUrl: db.url, ticks: false, logLevel: 'silent', h5Dir: dirs[1] })
    delete process.env.METRICS_TOKEN
  }, 120_000)
  afterAll(async () => {
    await a?.close()
    await b?.close()
    await db.drop()
    for (const d of dirs) rmSync(d, { recursive: true, force: true })
    process.env = saved
  })

  it('a session from one instance is valid on the other', async () => {
    const login = await fetch(`${a.url}/api/v1/auth/staff/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'staff01', password: 'demo1234' }),
    })
    expect(login.status).toBe(200)
    const { token } = (await login.json()) as { token: string }
    const me = await fetch(`${b.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } })
    expect(me.status).toBe(200)
  })

  it('jobs due at once are run once across both instances ticking together', async () => {
    const now = new Date()
    const ids = Array.from({ length: 30 }, () => newId())
    await a.deps.db.kysely
      .insertInto('jobs')
      .values(ids.map((id) => ({ id, kind: 'maintenance.daily', run_at: new Date(now.getTime() - 1000), payload: '{}', created_at: now })))
      .execute()
    await Promise.all([tick(a.deps, now), tick(b.deps, now), tick(a.deps, now), tick(b.deps, now)])
    const rows = await a.deps.db.kysely.selectFrom('jobs').select(['status', 'attempts']).where('id', 'in', ids).execute()
    expect(rows).toHaveLength(30)
    expect(rows.every((r) => r.status === 'done' && r.attempts === 1)).toBe(true)
  })

  it('GET /metrics: requests and latency by route, outbox and job lag, pool use; a token when METRICS_TOKEN is set', async () => {
    await fetch(`${a.url}/api/v1/reports/categories`)
    const res = await fetch(`${a.url}/metrics`) // from this machine, no token configured on a
    expect(res.status).toBe(200)
    const text = await res.text()
    expect(text).toMatch(/linli_http_requests_total\{method="POST",route="\/api\/v1\/auth\/staff\/login",status="200"\} [1-9]/)
    expect(text).toMatch(/linli_http_request_duration_seconds_bucket\{le="0.5",method="GET",route="\/api\/v1\/reports\/categories"\} 1/)
    expect(text).toMatch(/linli_outbox_pending \d+/)
    expect(text).toMatch(/linli_jobs_lag_seconds \d/)
    expect(text).toMatch(/linli_db_pool_connections [1-9]/)
    expect((await fetch(`${b.url}/metrics`)).status).toBe(403)
    expect((await fetch(`${b.url}/metrics`, { headers: { authorization: 'Bearer metrics-token-for-b' } })).status).toBe(200)
  })
})
