import sharp from 'sharp'
import { sql } from 'kysely'
import { createApp } from '../../cloud/app'
import { openDb, type Db } from '../../cloud/db/db'
import { memorySmsProvider } from '../../cloud/platform/sms'
import { defaultRateLimits, parseRateRules, rateLimitsFromEnv } from '../../cloud/platform/rate-limit'
import { demoGridCentre } from '../../cloud/reports/reports.seed'
import { describeEachDb, TEST_NOW, type TestContext } from '../helpers/app'
import { withDatabase } from '../helpers/db'

const DONGHU_1 = demoGridCentre('东湖社区', '第一网格')
const AT = demoGridCentre('高安社区', '第一网格')

type Res = { status: number; body: any; retryAfterHeader?: string | null }

/** A second server instance on the same database: on PostgreSQL its own pool (another process would be no different). */
async function secondInstance(c: TestContext): Promise<{ request: (path: string, init: RequestInit) => Promise<Res>; sms: ReturnType<typeof memorySmsProvider>; close(): Promise<void> }> {
  let db: Db = c.db
  if (c.kind === 'pg') {
    const name = (await sql<{ n: string }>`SELECT current_database() AS n`.execute(c.db.kysely)).rows[0].n
    db = await openDb({ databaseUrl: withDatabase(process.env.DATABASE_URL!, name), poolSize: 5 })
  }
  const sms = memorySmsProvider()
  const app = createApp({ ...c.deps, db, sms })
  return {
    sms,
    async request(path, init) {
      const res = await app.request(path, init)
      return { status: res.status, body: await res.json(), retryAfterHeader: res.headers.get('retry-after') }
    },
    close: async () => {
      if (db !== c.db) await db.close()
    },
  }
}

async function upload(c: TestContext, token: string, seed: number): Promise<Res> {
  const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: { r: seed % 256, g: 120, b: 60 } } })
    .png()
    .toBuffer()
  const form = new FormData()
  form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'p.png')
  const res = await c.app.request('/api/v1/uploads', { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form })
  return { status: res.status, body: await res.json() }
}

const json = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })

function expectLimited(r: Res) {
  expect(r.status).toBe(429)
  expect(r.body.error.code).toBe('RATE_LIMITED')
  expect(r.body.error.message).toMatch(/太频繁了，请 \d+ (秒|分钟|小时)后再试/)
  expect(Number.isInteger(r.body.error.details.retryAfter)).toBe(true)
  expect(r.body.error.details.retryAfter).toBeGreaterThan(0)
}

describeEachDb(
  'rate limits kept in the database (production defaults)',
  (ctx) => {
    beforeEach(() => ctx().clock.set(TEST_NOW))

    it('6 SMS sends for one phone at once: 1 sent, 5 × 429 RATE_LIMITED with retryAfter, one text message', async () => {
      const c = ctx()
      const phone = '13912300001'
      const results = await Promise.all(Array.from({ length: 6 }, () => c.call('POST', '/api/v1/auth/sms/send', { body: { phone } })))
      expect(results.filter((r) => r.status === 200)).toHaveLength(1)
      const refused = results.filter((r) => r.status !== 200)
      expect(refused).toHaveLength(5)
      for (const r of refused) {
        expectLimited(r)
        expect(r.body.error.details.retryAfter).toBeLessThanOrEqual(60)
      }
      expect(c.sms.sent.filter((s) => s.phone === phone)).toHaveLength(1)
    })

    it('the same limit holds across two server instances on one database', async () => {
      const c = ctx()
      const other = await secondInstance(c)
      try {
        const phone = '13912300002'
        const send = (i: number): Promise<Res> =>
          i % 2 === 0
            ? Promise.resolve(c.app.request('/api/v1/auth/sms/send', json({ phone }))).then(async (r: Response): Promise<Res> => ({
                status: r.status,
                body: await r.json(),
                retryAfterHeader: r.headers.get('retry-after'),
              }))
            : other.request('/api/v1/auth/sms/send', json({ phone }))
        const results = await Promise.all(Array.from({ length: 6 }, (_, i) => send(i)))
        expect(results.filter((r) => r.status === 200)).toHaveLength(1)
        const refused = results.filter((r) => r.status !== 200)
        expect(refused).toHaveLength(5)
        for (const r of refused) {
          expectLimited(r)
          expect(r.retryAfterHeader).toBe(String(r.body.error.details.retryAfter))
        }
        expect(c.sms.sent.filter((s) => s.phone === phone).length + other.sms.sent.filter((s) => s.phone === phone).length).toBe(1)
      } finally {
        await other.close()
      }
    })

    it('per phone: 5 an hour and 10 a day even a minute apart; retryAfter says when', async () => {
      const c = ctx()
      const phone = '13912300003'
      const send = () => c.call('POST', '/api/v1/auth/sms/send', { body: { phone } })
      for (let i = 0; i < 5; i++) {
        expect((await send()).status).toBe(200)
        c.clock.advance(1.1)
      }
      const sixth = await send()
      expectLimited(sixth)
      // the hour window began with the first send, 5.5 minutes ago
      expect(sixth.body.error.details.retryAfter).toBe(3600 - 330)
      expect(sixth.body.error.message).toBe('获取验证码太频繁了，请 55 分钟后再试')
      // a refused send uses up nothing: after the hour, five more, then the day is full
      c.clock.advance(55)
      for (let i = 0; i < 5; i++) {
        expect((await send()).status).toBe(200)
        c.clock.advance(1.1)
      }
      c.clock.advance(61)
      const eleventh = await send()
      expectLimited(eleventh)
      expect(eleventh.body.error.details.retryAfter).toBeGreaterThan(3600 * 20)
      expect(c.sms.sent.filter((s) => s.phone === phone)).toHaveLength(10)
    })

    it('per client address: 20 codes an hour whatever the phones (X-Forwarded-For behind TRUST_PROXY)', async () => {
      const c = ctx()
      const from = (ip: string, phone: string) => c.call('POST', '/api/v1/auth/sms/send', { body: { phone }, headers: { 'x-forwarded-for': `10.0.0.1, ${ip}` } })
      for (let i = 0; i < 20; i++) expect((await from('203.0.113.7', `1391240${String(i).padStart(4, '0')}`)).status).toBe(200)
      expectLimited(await from('203.0.113.7', '13912409999'))
      // another address is not held up
      expect((await from('203.0.113.8', '13912409999')).status).toBe(200)
    })

    it('reports: 3 per 10 minutes per person, 429 before anything is written', async () => {
      const c = ctx()
      const token = await c.login('13800000001')
      const photoKeys = [(await upload(c, token, 1)).body.key]
      const body = { category: 'sanitation', description: '楼下垃圾堆了好几天没人清理', lat: DONGHU_1.lat, lng: DONGHU_1.lng, address: '东湖路 17 弄', anonymous: true, photoKeys }
      const before = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM reports`.execute(c.db.kysely)).rows[0].n
      const submit = () => c.call('POST', '/api/v1/reports', { token, body })
      const results = await Promise.all(Array.from({ length: 5 }, submit))
      expect(results.filter((r) => r.status === 201)).toHaveLength(3)
      for (const r of results.filter((x) => x.status !== 201)) expectLimited(r)
      expect((await sql<{ n: number }>`SELECT count(*)::int AS n FROM reports`.execute(c.db.kysely)).rows[0].n).toBe(before + 3)
      // another person is not held up
      expect((await c.call('POST', '/api/v1/reports', { token: await c.login('13800000002'), body })).status).toBe(201)
      c.clock.advance(10)
      expect((await submit()).status).toBe(201)
    })

    it('uploads: 30 an hour per person', async () => {
      const c = ctx()
      const token = await c.login('13800000004')
      for (let i = 0; i < 30; i++) expect((await upload(c, token, i)).status).toBe(201)
      expectLimited(await upload(c, token, 99))
    })

    it('Open311 POST: limited per api_key (429 in the GeoReport error shape with Retry-After)', async () => {
      const c = ctx()
      const post = async () => {
        const res = await c.app.request('/open311/v2/requests.json', {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ api_key: 'demo-open311-key', service_code: 'noise', lat: String(AT.lat), long: String(AT.lng), description: '深夜施工噪音很大' }).toString(),
        })
        return { status: res.status, body: await res.json(), retryAfter: res.headers.get('retry-after') }
      }
      const results = await Promise.all(Array.from({ length: 32 }, post))
      expect(results.filter((r) => r.status === 201)).toHaveLength(30)
      const refused = results.filter((r) => r.status !== 201)
      expect(refused.map((r) => r.status)).toEqual([429, 429])
      expect(refused[0].body[0].code).toBe(429)
      expect(Number(refused[0].retryAfter)).toBeGreaterThan(0)
    })
  },
  { rateLimits: defaultRateLimits(), trustProxy: true },
)

describe('rate limit configuration (RATE_LIMIT_* env)', () => {
  it('reads count/window lists and off; refuses anything else', () => {
    expect(parseRateRules('1/1m, 5/1h,10/1d')).toEqual([
      { max: 1, seconds: 60 },
      { max: 5, seconds: 3600 },
      { max: 10, seconds: 86400 },
    ])
    expect(parseRateRules('off')).toEqual([])
    expect(() => parseRateRules('5 per hour')).toThrow(/count\/window/)
    expect(() => parseRateRules('0/1m')).toThrow()
    const limits = rateLimitsFromEnv({ RATE_LIMIT_REPORTS: '100/10m', RATE_LIMIT_UPLOADS: 'off' } as unknown as NodeJS.ProcessEnv)
    expect(limits.reports).toEqual([{ max: 100, seconds: 600 }])
    expect(limits.uploads).toEqual([])
    expect(limits.smsPhone).toEqual(defaultRateLimits().smsPhone)
  })
})
