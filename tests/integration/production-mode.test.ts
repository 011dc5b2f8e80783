import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Client } from 'pg'
import { cleanEnv, emptyPgDatabase, ROOT, runChild } from '../helpers/processes'
import { tencentStandIn, type SmsStandIn } from '../helpers/sms-standins'

/**
 * The compiled server (npm run build:server → dist/server/start.js, run as `npm run start:prod`
 * does) in production mode: it refuses to start without real secrets and SMS, and on an empty
 * database it has no demo — the demo phone with 123456 is just a wrong code.
 */
const SECRET = 'j'.repeat(40)
const PEPPER = 'p'.repeat(40)
const hasPg = Boolean(process.env.DATABASE_URL)

describe('production mode (NODE_ENV=production, compiled server)', () => {
  let dataDir: string
  beforeAll(() => {
    execFileSync(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'cloud/build-server.ts'], { cwd: ROOT, stdio: 'pipe' })
    dataDir = mkdtempSync(join(tmpdir(), 'linli-prod-'))
  })
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

  const start = (extra: Record<string, string>) => runChild(process.execPath, ['dist/server/start.js'], cleanEnv({ NODE_ENV: 'production', DATA_DIR: dataDir, PORT: '0', ...extra }))

  it.each([
    [{}, /JWT_SECRET.*production mode requires JWT_SECRET/],
    [{ JWT_SECRET: 'short' }, /JWT_SECRET 太短.*too short/],
    [{ JWT_SECRET: SECRET }, /ID_HASH_PEPPER/],
    [{ JWT_SECRET: SECRET, ID_HASH_PEPPER: PEPPER }, /短信服务.*SMS_PROVIDER=tencent\|aliyun, or PHONE_LOGIN=false/],
    [{ JWT_SECRET: SECRET, ID_HASH_PEPPER: PEPPER, SMS_PROVIDER: 'log', ALLOW_LOG_SMS: '1' }, /SMS_PROVIDER=log is refused in production/],
    [{ JWT_SECRET: SECRET, ID_HASH_PEPPER: PEPPER, PHONE_LOGIN: 'false' }, /STORAGE/],
  ])('refuses to start with %j: exit ≠ 0 and a one-line reason', async (extra, reason) => {
    const child = start(extra as Record<string, string>)
    const code = await child.exited
    expect(code).not.toBe(0)
    const lines = child.out().trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/^启动失败 \/ refusing to start: /)
    expect(lines[0]).toMatch(reason)
  })

  ;(hasPg ? describe : describe.skip)('with secrets and SMS, on an empty PostgreSQL', () => {
    let sms: SmsStandIn
    let db: Awaited<ReturnType<typeof emptyPgDatabase>>
    beforeAll(async () => {
      sms = await tencentStandIn('AKIDprod', 'prod-secret-key')
      db = await emptyPgDatabase()
    })
    afterAll(async () => {
      await sms.close()
      await db.drop()
    })

    it('starts without a demo: 13800000001 + 123456 is refused, codes go to the provider and never to the log', async () => {
      const child = start({
        JWT_SECRET: SECRET,
        ID_HASH_PEPPER: PEPPER,
        DATABASE_URL: db.url,
        STORAGE: 'local',
        DEMO_MODE: 'true', // ignored in production
        SMS_PROVIDER: 'tencent',
        TENCENT_SECRET_ID: 'AKIDprod',
        TENCENT_SECRET_KEY: 'prod-secret-key',
        TENCENT_SMS_SDK_APP_ID: '1400000001',
        TENCENT_SMS_SIGN_NAME: '邻里通',
        TENCENT_SMS_TEMPLATE_ID: '2000001',
        TENCENT_SMS_ENDPOINT: sms.url,
        LOG_LEVEL: 'debug',
      })
      try {
        const url = await child.started
        expect(child.out()).not.toMatch(/演示账号/)
        const post = (path: string, body: unknown) =>
          fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(async (r) => ({ status: r.status, body: await r.json() }))
        const demo = await post('/api/v1/auth/sms/verify', { phone: '13800000001', code: '123456' })
        expect(demo.status).toBe(401)
        expect(demo.body.error.code).toBe('SMS_CODE_INVALID')
        const staff = await post('/api/v1/auth/staff/login', { username: 'staff01', password: 'demo1234' })
        expect(staff.status).toBe(401)

        const sent = await post('/api/v1/auth/sms/send', { phone: '13800000001' })
        expect(sent.status).toBe(200)
        expect(sent.body.demoHint).toBeUndefined()
        const code = (sms.received.at(-1)!.params as { TemplateParamSet: string[] }).TemplateParamSet[0]
        expect(sms.received.at(-1)!.signatureOk).toBe(true)
        expect(child.out()).not.toContain(code)

        const pg = new Client({ connectionString: db.url })
        await pg.connect()
        const users = await pg.query('SELECT count(*)::int AS n FROM users')
        await pg.end()
        expect(users.rows[0].n).toBe(0) // no seed
      } finally {
        await child.stop()
      }
    })
  })
})
