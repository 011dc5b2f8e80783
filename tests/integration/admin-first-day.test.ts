import { randomBytes } from 'node:crypto'
import { accountsIdentity } from '../../cloud/accounts'
import { Client } from 'pg'
import { createApp, type AppDeps } from '../../cloud/app'
import { openDb, type Db } from '../../cloud/db/db'
import { fixedClock } from '../../cloud/platform/clock'
import { testConfig } from '../../cloud/platform/config'
import { silentLogger } from '../../cloud/platform/logger'
import { memorySmsProvider } from '../../cloud/platform/sms'
import { localStorage } from '../../cloud/platform/storage'
import { main as adminCli } from '../../cloud/admin/cli'
import { DB_KINDS, testRunId, withDatabase, type DbKind } from '../helpers/db'
import { TEST_NOW } from '../helpers/app'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { jpegWithGps } from '../fixtures/reports/photos'
import { POLICY_DOCUMENTS } from '../../cloud/accounts/policies'

type Ring = number[][]
const rect = (w: number, s: number, e: number, n: number): Ring => [
  [w, s],
  [e, s],
  [e, n],
  [w, n],
  [w, s],
]
const feature = (name: string, ring: Ring) => ({ type: 'Feature', properties: { name }, geometry: { type: 'Polygon', coordinates: [ring] } })
/**
 * The 城运中心's map of the new street (GCJ-02): three communities side by side, two grids each.
 * 东湖第一网格 is an L — the west half of 东湖社区 plus a strip along its south edge — and
 * 东湖第二网格 is the block the L wraps round. NOTCH lies inside the L's bounding box
 * (121.400–121.410 E, 31.200–31.210 N) but in 东湖第二网格: a box would route it wrongly.
 */
const STREET_MAP = {
  type: 'FeatureCollection',
  features: [
    feature('东湖社区', rect(121.4, 31.2, 121.41, 31.21)),
    feature('高安社区', rect(121.41, 31.2, 121.42, 31.21)),
    feature('乌中社区', rect(121.42, 31.2, 121.43, 31.21)),
    feature('东湖第一网格', [
      [121.4, 31.2],
      [121.41, 31.2],
      [121.41, 31.202],
      [121.405, 31.202],
      [121.405, 31.21],
      [121.4, 31.21],
      [121.4, 31.2],
    ]),
    feature('东湖第二网格', rect(121.405, 31.202, 121.41, 31.21)),
    feature('高安第一网格', rect(121.41, 31.2, 121.415, 31.21)),
    feature('高安第二网格', rect(121.415, 31.2, 121.42, 31.21)),
    feature('乌中第一网格', rect(121.42, 31.2, 121.425, 31.21)),
    feature('乌中第二网格', rect(121.425, 31.2, 121.43, 31.21)),
  ],
}
const NOTCH = { lat: 31.206, lng: 121.408 }

/** An empty, migrated database (no demo): what a real street starts from. */
async function emptyDb(kind: DbKind): Promise<Db> {
  if (kind === 'pglite') return openDb()
  const base = process.env.DATABASE_URL!
  const name = `linli_t_${testRunId()}_${randomBytes(4).toString('hex')}`
  const admin = new Client({ connectionString: base })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${name}`)
  await admin.end()
  const db = await openDb({ databaseUrl: withDatabase(base, name), poolSize: 5 })
  return {
    ...db,
    async close() {
      await db.close()
      const c = new Client({ connectionString: base })
      await c.connect()
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await c.end()
    },
  }
}

function capture() {
  const s = new PassThrough()
  let text = ''
  s.on('data', (d) => (text += d))
  return { stream: s, text: () => text }
}

describe.each(DB_KINDS)('first day of a real street [%s]', (kind) => {
  let db: Db
  let app: ReturnType<typeof createApp>
  const sms = memorySmsProvider()
  const clock = fixedClock(TEST_NOW)
  beforeAll(async () => {
    db = await emptyDb(kind as DbKind)
    const deps: AppDeps = {
      db,
      clock,
      config: testConfig({ demoMode: false }),
      logger: silentLogger,
      sms,
      notifier: { async deliver() {} },
      identity: accountsIdentity,
      storage: localStorage(mkdtempSync(join(tmpdir(), 'linli-admin-'))),
    }
    app = createApp(deps)
  })
  afterAll(async () => {
    await db?.close()
  })
  const call = async (method: string, path: string, o: { body?: unknown; token?: string } = {}) => {
    const headers: Record<string, string> = {}
    if (o.token) headers.authorization = `Bearer ${o.token}`
    if (o.body !== undefined) headers['content-type'] = 'application/json'
    const res = await app.request(path, { method, headers, body: o.body === undefined ? undefined : JSON.stringify(o.body) })
    const text = await res.text()
    return { status: res.status, body: text ? JSON.parse(text) : null }
  }

  it('create-street → one-time password → must change → builds the org, imports the grid map, creates staff → a grid worker logs in → a resident’s report in the L’s notch lands in the neighbouring grid', async () => {
    // the CLI's own function, on this (empty, migrated by the CLI) database
    const out = capture()
    const err = capture()
    const code = await adminCli(['create-street', '--name', '天平街道', '--admin-username', 'admin', '--admin-name', '郑志明'], {}, { out: out.stream, err: err.stream, db: db.kysely, now: clock.now })
    expect(code).toBe(0)
    const password = /^password: (\S+)$/m.exec(out.text())![1]
    expect(password).toHaveLength(12)

    // twice: refused, nothing new
    const again = capture()
    expect(
      await adminCli(['create-street', '--name', '天平街道', '--admin-username', 'admin2', '--admin-name', '郑志明'], {}, { out: capture().stream, err: again.stream, db: db.kysely, now: clock.now }),
    ).toBe(1)
    expect(again.text()).toContain('已经建好了')
    const streets = await db.kysely.selectFrom('org_units').select('id').where('kind', '=', 'street').execute()
    expect(streets).toHaveLength(1)
    // the street starts with the standard settings
    const cats = await db.kysely.selectFrom('report_category_settings').select('category').execute()
    expect(cats).toHaveLength(10)
    const audit = await db.kysely.selectFrom('audit_log').select('action').execute()
    expect(audit.map((a) => a.action)).toEqual(['admin.street_created'])

    const login = await call('POST', '/api/v1/auth/staff/login', { body: { username: 'admin', password } })
    expect(login.status).toBe(200)
    expect(login.body.mustChangePassword).toBe(true)
    const temp = login.body.token as string
    const blocked = await call('GET', '/api/v1/admin/org-units', { token: temp })
    expect(blocked.status).toBe(422)
    expect(blocked.body.error.code).toBe('PASSWORD_CHANGE_REQUIRED')
    expect((await call('GET', '/api/v1/me', { token: temp })).body.error.code).toBe('PASSWORD_CHANGE_REQUIRED')

    // weak passwords are refused with the reason, nothing changes
    for (const weak of ['short1', '12345678910', 'a123456789', 'qwertyuiop', 'password123', 'admin-2026-x']) {
      const r = await call('POST', '/api/v1/auth/staff/password', { token: temp, body: { currentPassword: password, newPassword: weak } })
      expect(r.status).toBe(422)
      expect(r.body.error.code).toBe('PASSWORD_TOO_WEAK')
    }
    const wrongCurrent = await call('POST', '/api/v1/auth/staff/password', { token: temp, body: { currentPassword: 'nope-nope-nope', newPassword: 'Tianping-2026!' } })
    expect(wrongCurrent.status).toBe(401)
    const changed = await call('POST', '/api/v1/auth/staff/password', { token: temp, body: { currentPassword: password, newPassword: 'Tianping-2026!' } })
    expect(changed.status).toBe(200)
    // the change ends every session (issue 20), the one-time one too; the answer carries a new one
    expect((await call('GET', '/api/v1/me', { token: temp })).status).toBe(401)
    const token = changed.body.token as string
    const tree0 = await call('GET', '/api/v1/admin/org-units', { token })
    expect(tree0.status).toBe(200)
    const streetId = tree0.body.items[0].id as string
    expect(tree0.body.items[0]).toMatchObject({ kind: 'street', name: '天平街道', children: [] })

    const unit = async (kind: string, name: string, parentId: string) => {
      const r = await call('POST', '/api/v1/admin/org-units', { token, body: { kind, name, parentId } })
      expect(r.status).toBe(201)
      return r.body.id as string
    }
    const c1 = await unit('cluster', '天平第一片区', streetId)
    const c2 = await unit('cluster', '天平第二片区', streetId)
    const communities = [await unit('community', '东湖社区', c1), await unit('community', '高安社区', c1), await unit('community', '乌中社区', c2)]
    const grids: string[] = []
    for (const [i, cid] of communities.entries()) for (const g of ['第一网格', '第二网格']) grids.push(await unit('grid', `${['东湖', '高安', '乌中'][i]}${g}`, cid))
    const dept = await unit('department', '城管中队', streetId)
    // each new community got the street's 积分 default rules
    const rules = await db.kysely.selectFrom('points_rules').select('community_id').execute()
    expect(new Set(rules.map((r) => r.community_id))).toEqual(new Set(communities))

    // the grid map: one FeatureCollection, dry run (nothing written) then commit
    const dry = await call('POST', '/api/v1/admin/org-units/boundaries', { token, body: { crs: 'gcj02', collection: STREET_MAP, dryRun: true } })
    expect(dry.status).toBe(200)
    expect(dry.body.unmatched).toEqual([])
    expect(dry.body.problems).toEqual([])
    expect(dry.body.matched).toHaveLength(9)
    expect(await db.kysely.selectFrom('org_unit_boundaries').select('org_unit_id').execute()).toHaveLength(0)
    const imported = await call('POST', '/api/v1/admin/org-units/boundaries', { token, body: { crs: 'gcj02', collection: STREET_MAP, dryRun: false } })
    expect(imported.status).toBe(200)
    expect(new Set(imported.body.matched.map((m: { orgUnitId: string }) => m.orgUnitId))).toEqual(new Set([...communities, ...grids]))
    expect(await db.kysely.selectFrom('org_unit_boundaries').select('org_unit_id').execute()).toHaveLength(9)

    const tree = await call('GET', '/api/v1/admin/org-units', { token })
    const street = tree.body.items[0]
    expect(street.children.map((c: { name: string }) => c.name)).toEqual(['天平第一片区', '天平第二片区', '城管中队'])
    expect(street.children[0].children.map((c: { children: unknown[] }) => c.children.length)).toEqual([2, 2])

    const staff = async (username: string, role: string, orgUnitId: string) => {
      const r = await call('POST', '/api/v1/admin/staff', { token, body: { name: `测试${username}`, username, roles: [{ role, orgUnitId }] } })
      expect(r.status).toBe(201)
      expect(r.body).toMatchObject({ username, oneTimePassword: expect.stringMatching(/^\S{12}$/) })
      return r.body as { id: string; oneTimePassword: string }
    }
    const grid = await staff('grid_a', 'grid_worker', grids[0])
    const gridB = await staff('grid_b', 'grid_worker', grids[1])
    await staff('staff_a', 'community_staff', communities[0])
    await staff('lead_a', 'cluster_lead', c1)
    await staff('dept_a', 'department_staff', dept)
    await staff('health_a', 'health_staff', streetId)
    await staff('admin_b', 'street_admin', streetId)

    // the grid worker logs in, changes the one-time password, and reaches the staff queue
    const g = await call('POST', '/api/v1/auth/staff/login', { body: { username: 'grid_a', password: grid.oneTimePassword } })
    expect(g.body.mustChangePassword).toBe(true)
    const gChanged = await call('POST', '/api/v1/auth/staff/password', { token: g.body.token, body: { currentPassword: grid.oneTimePassword, newPassword: 'wangge-donghu-01' } })
    expect(gChanged.status).toBe(200)
    g.body.token = gChanged.body.token
    const me = await call('GET', '/api/v1/me', { token: g.body.token })
    expect(me.status).toBe(200)
    expect(me.body.roles).toEqual([expect.objectContaining({ role: 'grid_worker', orgUnitId: grids[0] })])
    expect((await call('GET', '/api/v1/staff/reports', { token: g.body.token })).status).toBe(200)
    // but not the admin console
    expect((await call('GET', '/api/v1/admin/staff', { token: g.body.token })).status).toBe(404)

    const log = await call('GET', '/api/v1/admin/audit?limit=100', { token })
    expect(log.status).toBe(200)
    const actions = log.body.items.map((i: { action: string }) => i.action)
    expect(actions.filter((a: string) => a === 'admin.org_unit_created')).toHaveLength(12)
    expect(actions.filter((a: string) => a === 'admin.staff_created')).toHaveLength(7)
    expect(actions).toContain('admin.street_created')
    expect(await db.kysely.selectFrom('audit_log').select('id').where('action', '=', 'org.boundaries_imported').execute()).toHaveLength(1)

    // 东湖第二网格's worker changes the one-time password too
    const b = await call('POST', '/api/v1/auth/staff/login', { body: { username: 'grid_b', password: gridB.oneTimePassword } })
    const bChanged = await call('POST', '/api/v1/auth/staff/password', { token: b.body.token, body: { currentPassword: gridB.oneTimePassword, newPassword: 'wangge-donghu-02' } })
    expect(bChanged.status).toBe(200)
    const tokenB = bChanged.body.token as string

    // a resident registers by phone: the code goes through the SMS provider (a stand-in here), not a demo code
    const phone = '13912345678'
    expect((await call('POST', '/api/v1/auth/sms/send', { body: { phone } })).status).toBe(200)
    const sent = sms.sent.filter((m) => m.phone === phone)
    expect(sent).toHaveLength(1)
    expect((await call('POST', '/api/v1/auth/sms/verify', { body: { phone, code: sent[0].code === '123456' ? '654321' : '123456' } })).status).toBe(401)
    const resident = await call('POST', '/api/v1/auth/sms/verify', { body: { phone, code: sent[0].code } })
    expect(resident.status).toBe(200)
    const rToken = resident.body.token as string
    for (const kind of ['privacy', 'location'] as const) {
      expect((await call('POST', '/api/v1/me/consents', { token: rToken, body: { kind, version: POLICY_DOCUMENTS[kind].version } })).status).toBe(200)
    }
    const form = new FormData()
    form.append('file', new Blob([new Uint8Array(await jpegWithGps({ seed: 12 }))], { type: 'image/jpeg' }), 'photo.jpg')
    const up = await app.request('/api/v1/uploads', { method: 'POST', headers: { authorization: `Bearer ${rToken}` }, body: form })
    expect(up.status).toBe(201)
    const photoKey = ((await up.json()) as { key: string }).key
    const report = await call('POST', '/api/v1/reports', {
      token: rToken,
      body: { category: 'sanitation', description: '拐角这里的垃圾桶满了没人清运', ...NOTCH, locationSource: 'device', photoKeys: [photoKey], anonymous: true },
    })
    expect(report.status).toBe(201)
    expect(report.body.gridName).toBe('东湖第二网格')
    const queueB = await call('GET', '/api/v1/staff/reports', { token: tokenB })
    expect(queueB.status).toBe(200)
    expect(queueB.body.items.map((r: { id: string }) => r.id)).toEqual([report.body.id])
    const queueA = await call('GET', '/api/v1/staff/reports', { token: g.body.token })
    expect(queueA.status).toBe(200)
    expect(queueA.body.items.map((r: { id: string }) => r.id)).not.toContain(report.body.id)
  })

  it('reset-password from the CLI: a new one-time password that must be changed, and the lock lifted', async () => {
    await db.kysely
      .updateTable('users')
      .set({ locked_until: new Date(clock.now().getTime() + 3600_000), failed_logins: 10 })
      .where('username', '=', 'admin')
      .execute()
    const out = capture()
    expect(await adminCli(['reset-password', '--username', 'admin'], {}, { out: out.stream, err: capture().stream, db: db.kysely, now: clock.now })).toBe(0)
    const password = /^password: (\S+)$/m.exec(out.text())![1]
    const login = await call('POST', '/api/v1/auth/staff/login', { body: { username: 'admin', password } })
    expect(login.status).toBe(200)
    expect(login.body.mustChangePassword).toBe(true)
    const unknown = capture()
    expect(await adminCli(['reset-password', '--username', 'nobody'], {}, { out: capture().stream, err: unknown.stream, db: db.kysely, now: clock.now })).toBe(1)
    expect(unknown.text()).toContain('找不到账号')
  })

  it('purge-demo: removes demo accounts and what only they made; refuses, writing nothing, when a real person is tied in', async () => {
    const k = db.kysely
    const now = clock.now()
    const street = await k.selectFrom('org_units').select('id').where('kind', '=', 'street').executeTakeFirstOrThrow()
    const realAdmin = await k.selectFrom('users').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow()
    const demoId = '01900000-0000-7000-8000-0000000000d1'
    await k.insertInto('users').values({ id: demoId, name: '演示', username: 'demo_x', password_hash: 'x', demo_account: true, created_at: now }).execute()
    await k.insertInto('role_assignments').values({ id: '01900000-0000-7000-8000-0000000000d2', user_id: demoId, role: 'grid_worker', org_unit_id: street.id, created_at: now }).execute()
    await k.insertInto('notices').values({ id: '01900000-0000-7000-8000-0000000000d3', user_id: demoId, kind: 'x', title: '演示', body: '', created_at: now }).execute()
    // a real admin's audit row about the demo account: real history → refused
    await k.insertInto('audit_log').values({ id: '01900000-0000-7000-8000-0000000000d4', actor_id: realAdmin.id, subject_id: demoId, action: 'x', details: '{}', created_at: now }).execute()
    const refused = capture()
    expect(await adminCli(['purge-demo'], {}, { out: capture().stream, err: refused.stream, db: k, now: clock.now })).toBe(1)
    expect(refused.text()).toContain('同时涉及真实用户')
    expect(await k.selectFrom('users').select('id').where('id', '=', demoId).executeTakeFirst()).toBeTruthy()
    await k.deleteFrom('audit_log').where('id', '=', '01900000-0000-7000-8000-0000000000d4').execute()

    const dry = capture()
    expect(await adminCli(['purge-demo', '--dry-run'], {}, { out: dry.stream, err: capture().stream, db: k, now: clock.now })).toBe(0)
    expect(dry.text()).toContain('试运行')
    expect(await k.selectFrom('users').select('id').where('id', '=', demoId).executeTakeFirst()).toBeTruthy()
    const usersBefore = (await k.selectFrom('users').select('id').execute()).length
    const out = capture()
    expect(await adminCli(['purge-demo'], {}, { out: out.stream, err: capture().stream, db: k, now: clock.now })).toBe(0)
    expect(out.text()).toContain('已清除 1 个演示账号')
    expect(await k.selectFrom('users').select('id').where('id', '=', demoId).executeTakeFirst()).toBeUndefined()
    expect(await k.selectFrom('notices').select('id').where('user_id', '=', demoId).executeTakeFirst()).toBeUndefined()
    expect((await k.selectFrom('users').select('id').execute()).length).toBe(usersBefore - 1)
    expect((await k.selectFrom('org_units').select('id').execute()).length).toBe(13)
  })
})
