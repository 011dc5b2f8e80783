import { cpSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { execFileSync } from 'node:child_process'
import { main, resetForTests } from '../../cloud/entry/wechat'
import { demoDataDir } from '../helpers/demo-data-dir'
import { BUILDS, buildIfStale } from '../weapp/global-setup'

/**
 * The WeChat cloud entry with the real wx-server-sdk: the cloud runtime passes the caller's identity
 * in WX_CONTEXT_KEYS / WX_OPENID …; we set those as the cloud would and prove that an openid the
 * client puts in the event is ignored.
 */
describe('WeChat cloud function entry', () => {
  const saved = { ...process.env }
  let dataDir: string

  beforeAll(() => {
    dataDir = demoDataDir('linli-wx-') // the demo street already in it (tests/helpers/demo-data-dir.ts)
    delete process.env.DATABASE_URL // embedded database in a temp dir, never the shared test database
    process.env.DATA_DIR = dataDir
    process.env.LOG_LEVEL = 'silent'
    process.env.DEMO_MODE = 'true' // the cloud function is production unless told it is a demo
    process.env.WX_CONTEXT_KEYS = 'WX_OPENID,WX_APPID,WX_UNIONID'
    process.env.WX_OPENID = 'o-real-openid-from-wechat'
    process.env.WX_APPID = 'wx0000000000000000'
    process.env.WX_UNIONID = 'u-real-union'
  })

  afterAll(async () => {
    await resetForTests()
    process.env = saved
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('logs in as the openid getWXContext reports, whatever the event claims', async () => {
    const res = (await main({
      method: 'POST',
      path: '/api/v1/auth/wechat',
      body: { code: 'ignored', OPENID: 'o-spoofed', openid: 'o-spoofed' },
      headers: { 'x-wx-openid': 'o-spoofed' },
    })) as { statusCode: number; body: { token: string; user: { name: string } } }
    expect(res.statusCode).toBe(200)
    expect(res.body.user.name).toBe('微信用户')
    const me = (await main({ method: 'GET', path: '/api/v1/me', headers: { authorization: `Bearer ${res.body.token}` } })) as {
      statusCode: number
      body: { user: { id: string } }
    }
    expect(me.statusCode).toBe(200)

    // a second caller (another openid) gets another account
    process.env.WX_OPENID = 'o-second-person'
    const other = (await main({ method: 'POST', path: '/api/v1/auth/wechat', body: { OPENID: 'o-real-openid-from-wechat' } })) as {
      body: { user: { id: string } }
    }
    expect(other.body.user.id).not.toBe(me.body.user.id)
    process.env.WX_OPENID = 'o-real-openid-from-wechat'
  })

  it('answers errors in the documented shape', async () => {
    const bad = (await main({ method: 'POST', path: '/api/v1/auth/sms/verify', body: { phone: 'x' } })) as { statusCode: number; body: { error: { code: string } } }
    expect(bad.statusCode).toBe(400)
    expect(bad.body.error.code).toBe('INVALID_INPUT')
  })

  it('runs tick only for the timer trigger (no OPENID); a user asking for it is refused and nothing runs', async () => {
    // a mini-program user (WX_OPENID set by the cloud) sends { tick: true } or pretends to be the timer
    for (const event of [{ tick: true }, { Type: 'Timer' }, { Type: 'Timer', tick: true, OPENID: '' }]) {
      const res = (await main(event)) as { statusCode: number; body: { error: { code: string } } }
      expect(res).not.toHaveProperty('tick')
      expect(res.statusCode).toBe(403)
      expect(res.body.error.code).toBe('FORBIDDEN')
    }
    // the timer trigger: the cloud sets no OPENID for it
    const saved = process.env.WX_OPENID
    delete process.env.WX_OPENID
    process.env.WX_CONTEXT_KEYS = 'WX_APPID'
    try {
      const timer = (await main({ Type: 'Timer' })) as { tick: { jobsRun: number } }
      expect(timer.tick.jobsRun).toBeGreaterThanOrEqual(0)
    } finally {
      process.env.WX_OPENID = saved
      process.env.WX_CONTEXT_KEYS = 'WX_OPENID,WX_APPID,WX_UNIONID'
    }
  })

  it('the esbuild bundle (npm run build:cloud) loads and answers in a plain node process', () => {
    const root = join(__dirname, '..', '..')
    // npm run build:cloud when stale (npm test has built it before jest), then its own copy: the weapp
    // tests load cloud/functions/api at the same time in another worker
    buildIfStale(BUILDS.cloud)
    const bundle = join(root, 'tests', '.artifacts', `cloud-bundle-${process.pid}`)
    cpSync(join(root, BUILDS.cloud.outDir), bundle, { recursive: true })
    const script = `
      const fn = require(${JSON.stringify(join(bundle, 'index.js'))})
      fn.main({ method: 'POST', path: '/api/v1/auth/wechat', body: { OPENID: 'o-spoofed' } })
        .then((r) => { console.log(JSON.stringify({ status: r.statusCode, name: r.body.user && r.body.user.name })); process.exit(0) })
        .catch((e) => { console.error(e); process.exit(1) })`
    const dir = demoDataDir('linli-bundle-') // the bundle migrates (a no-op here) and re-applies the SQL functions it carries
    const out = execFileSync('node', ['-e', script], {
      cwd: root,
      env: { ...process.env, DATA_DIR: dir, LOG_LEVEL: 'silent', WX_OPENID: 'o-bundle-user' },
      encoding: 'utf8',
    })
    rmSync(dir, { recursive: true, force: true })
    rmSync(bundle, { recursive: true, force: true })
    expect(JSON.parse(out.trim().split('\n').at(-1)!)).toEqual({ status: 200, name: '微信用户' })
  })

  it('without DEMO_MODE=true the cloud function is in production mode: no secrets, no start', async () => {
    await resetForTests()
    delete process.env.DEMO_MODE
    try {
      await expect(main({ method: 'GET', path: '/api/v1/health' })).rejects.toThrow(/production mode requires JWT_SECRET/)
    } finally {
      await resetForTests()
      process.env.DEMO_MODE = 'true'
    }
  })
})
