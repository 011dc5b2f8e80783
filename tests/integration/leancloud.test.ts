import { readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { Writable } from 'node:stream'
import exifr from 'exifr'
import { sql } from 'kysely'
import { describeEachDb, type TestContext } from '../helpers/app'
import { buildFixture, writeExport, at, objectId, pointer, type Fixture } from '../helpers/leancloud-export'
import { startFakeLeanCloud, type FakeLeanCloud } from '../helpers/leancloud-server'
import { jpegWithGps } from '../fixtures/reports/photos'
import { main } from '../../cloud/leancloud/cli'
import { loadMapping } from '../../cloud/leancloud/mapping'
import type { ImportSummary } from '../../cloud/leancloud/import-leancloud'
import { checkCommunity } from '../../cloud/points/reconcile-points'
import { checkLedger } from '../../cloud/timebank/repository/ledger'

function sink() {
  let text = ''
  const stream = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk)
      done()
    },
  })
  return { stream, text: () => text }
}

async function runCli(c: TestContext, args: string[]) {
  const out = sink()
  const err = sink()
  const r = await main(['--community', '东湖社区', ...args], {}, { out: out.stream, err: err.stream, db: c.db.kysely, storage: c.deps.storage, now: () => c.clock.now() })
  return { ...r, out: out.text(), err: err.text() }
}

const cls = (s: ImportSummary, name: string) => s.classes.find((c) => c.className === name)!

async function counts(c: TestContext) {
  const r = await sql<Record<string, number>>`
    SELECT (SELECT count(*) FROM users)::int AS users, (SELECT count(*) FROM reports)::int AS reports,
           (SELECT count(*) FROM report_photos)::int AS photos, (SELECT count(*) FROM points_journals)::int AS points_journals,
           (SELECT count(*) FROM timebank_journals)::int AS timebank_journals, (SELECT count(*) FROM checkup_bookings)::int AS bookings,
           (SELECT count(*) FROM checkup_sessions)::int AS sessions, (SELECT count(*) FROM leancloud_external_ids)::int AS external_ids,
           (SELECT count(*) FROM import_checkpoints)::int AS checkpoints`.execute(c.db.kysely)
  return r.rows[0]
}

async function ourId(c: TestContext, app: string, className: string, objectId: string): Promise<string | null> {
  const r = await sql<{ target_id: string | null }>`SELECT target_id FROM leancloud_external_ids WHERE source_app = ${app} AND class_name = ${className} AND object_id = ${objectId}`.execute(
    c.db.kysely,
  )
  return r.rows[0]?.target_id ?? null
}

async function donghu(c: TestContext): Promise<string> {
  return (await c.db.kysely.selectFrom('org_units').select('id').where('name', '=', '东湖社区').executeTakeFirstOrThrow()).id
}

async function pointsOf(c: TestContext, userId: string): Promise<number> {
  const row = await c.db.kysely
    .selectFrom('points_accounts')
    .select('available')
    .where('user_id', '=', userId)
    .where('community_id', '=', await donghu(c))
    .executeTakeFirst()
  return Number(row?.available ?? 0)
}

async function minutesOf(c: TestContext, userId: string): Promise<number> {
  const row = await c.db.kysely.selectFrom('timebank_accounts').select('balance').where('user_id', '=', userId).executeTakeFirst()
  return Number(row?.balance ?? 0)
}

async function servePhotos(server: FakeLeanCloud) {
  server.files.set('gps.jpg', await jpegWithGps({ seed: 7 }))
  server.files.set('tree.jpg', await jpegWithGps({ seed: 8, orientation: 1 }))
}

/** Everything the story promises, for an app imported under `app`. */
async function expectStory(c: TestContext, fx: Fixture, app: string, s: ImportSummary, wangfangBefore: number) {
  const users = cls(s, '_User')
  expect({ created: users.created, linked: users.linked }).toEqual({ created: fx.expect.users.created, linked: fx.expect.users.linked })
  expect(users.refusals.map((r) => r.reason)).toEqual(expect.arrayContaining(['缺少手机号', '手机号格式不对：12345']))
  const reports = cls(s, 'Report')
  expect({ created: reports.created, refused: reports.refused }).toEqual(fx.expect.reports)
  expect(reports.refusals.find((r) => r.ref === fx.ids['report.badGeo'])?.reason).toMatch(/坐标不对/)
  expect(reports.refusals.find((r) => r.ref === fx.ids['report.noAuthor'])?.reason).toMatch(/找不到用户/)
  expect(reports.refusals.find((r) => r.ref === fx.ids['report.nul'])?.reason).toMatch(/数据库拒绝/)
  expect(reports.notes.find((r) => r.ref === fx.ids['report.unknownCat'])?.reason).toMatch(/原类别「井盖丢失」未能对应，归入其他/)
  expect({ created: cls(s, 'PointRecord').created, refused: cls(s, 'PointRecord').refused }).toEqual(fx.expect.pointsHistory)
  expect(
    cls(s, 'PointRecord')
      .refusals.map((r) => r.reason)
      .join('\n'),
  ).toMatch(/积分不是整数[\s\S]*余额不足/)
  expect({ created: cls(s, 'PointAccount').created, skipped: cls(s, 'PointAccount').skipped }).toEqual(fx.expect.pointsBalance)
  expect({ created: cls(s, 'VolunteerRecord').created, refused: cls(s, 'VolunteerRecord').refused }).toEqual(fx.expect.hours)
  expect({ created: cls(s, 'CheckupBooking').created, refused: cls(s, 'CheckupBooking').refused }).toEqual(fx.expect.checkups)
  expect(cls(s, 'CheckupBooking').refusals[0].reason).toMatch(/2025 年已有有效的体检预约/)
  // the 404 photo is listed, its report imported anyway
  expect(s.unreachableFiles).toEqual([expect.objectContaining({ url: expect.stringMatching(/missing\.jpg$/), reason: 'HTTP 404' })])

  // users: phone normalised, WeChat ids from authData, resident of the community; 王芳 linked, not duplicated
  const zhang = await c.db.kysely
    .selectFrom('users')
    .selectAll()
    .where('id', '=', (await ourId(c, app, '_User', fx.ids['user.zhang']))!)
    .executeTakeFirstOrThrow()
  expect(zhang).toMatchObject({ name: '张阿姨', phone: fx.phones.zhang, wx_openid: expect.stringMatching(/^o1?-zhang-weapp$/), wx_unionid: 'un-zhang', community_id: await donghu(c) })
  const li = await c.db.kysely.selectFrom('users').selectAll().where('phone', '=', fx.phones.li).executeTakeFirstOrThrow()
  expect(li).toMatchObject({ name: '李师傅', wx_openid: expect.stringMatching(/^o1?-li-wx$/), wx_unionid: 'un-li' })
  const wangfang = await c.db.kysely.selectFrom('users').select('id').where('phone', '=', '13800000001').execute()
  expect(wangfang).toHaveLength(1)
  expect(await ourId(c, app, '_User', fx.ids['user.wangfang'])).toBe(wangfang[0].id)

  // reports: category, reporter, photos re-encoded without GPS; unknown category → other with the note on the timeline
  const gpsReport = await c.db.kysely
    .selectFrom('reports')
    .selectAll()
    .where('id', '=', (await ourId(c, app, 'Report', fx.ids['report.gps']))!)
    .executeTakeFirstOrThrow()
  expect(gpsReport).toMatchObject({ category: 'sanitation', reporter_id: zhang.id, community_id: await donghu(c), status: 'submitted' })
  expect(gpsReport.created_at.toISOString()).toBe(at(10))
  // an open imported case escalates like a new one; a closed one does not
  const jobs = await c.db.kysely.selectFrom('jobs').select('dedupe_key').where('kind', '=', 'reports.escalate').execute()
  expect(jobs.map((j) => j.dedupe_key)).toContain(`reports.escalate:${gpsReport.id}:0`)
  expect(jobs.map((j) => j.dedupe_key)).not.toContain(`reports.escalate:${await ourId(c, app, 'Report', fx.ids['report.done'])}:0`)
  const photos = await c.db.kysely.selectFrom('report_photos').select('key').where('report_id', '=', gpsReport.id).execute()
  expect(photos).toHaveLength(1)
  const stored = readFileSync(join(c.filesDir, photos[0].key))
  expect(await exifr.gps(stored).catch(() => undefined)).toBeUndefined()
  const other = await c.db.kysely
    .selectFrom('reports')
    .select(['id', 'category', 'status'])
    .where('id', '=', (await ourId(c, app, 'Report', fx.ids['report.unknownCat']))!)
    .executeTakeFirstOrThrow()
  expect(other).toMatchObject({ category: 'other', status: 'in_progress' })
  const event = await c.db.kysely.selectFrom('report_events').select(['action', 'reason']).where('report_id', '=', other.id).executeTakeFirstOrThrow()
  expect(event).toEqual({ action: 'import', reason: expect.stringContaining('井盖丢失') })
  // staff of the community see the imported case with its photo and the import on its timeline
  const shown = await c.call('GET', `/api/v1/reports/${other.id}`, { token: await c.login('staff01') })
  expect(shown.status).toBe(200)
  expect(shown.body.timeline).toEqual([expect.objectContaining({ action: 'import', reason: expect.stringContaining('归入其他') })])
  const shownGps = await c.call('GET', `/api/v1/reports/${gpsReport.id}`, { token: await c.login('staff01') })
  expect(shownGps.body.photos).toEqual([expect.objectContaining({ kind: 'before', url: `/files/${photos[0].key}` })])
  const viaPointer = await c.db.kysely
    .selectFrom('report_photos')
    .select('key')
    .where('report_id', '=', (await ourId(c, app, 'Report', fx.ids['report.filePtr']))!)
    .execute()
  expect(viaPointer).toHaveLength(1)
  expect(
    await c.db.kysely
      .selectFrom('reports')
      .select('status')
      .where('id', '=', (await ourId(c, app, 'Report', fx.ids['report.done']))!)
      .executeTakeFirstOrThrow(),
  ).toEqual({ status: 'closed' })

  // ledgers: balances as in LeanCloud, and every journal sums to zero, every balance equals its entries
  expect(await pointsOf(c, zhang.id)).toBe(60)
  expect(await pointsOf(c, li.id)).toBe(25)
  expect(await pointsOf(c, wangfang[0].id)).toBe(wangfangBefore + 100)
  const recon = await checkCommunity(c.db.kysely, await donghu(c))
  expect(recon).toMatchObject({ ok: true, unbalancedJournals: [], driftedAccounts: [] })
  expect(await minutesOf(c, li.id)).toBe(165)
  expect(await checkLedger(c.db.kysely)).toEqual({ unbalancedJournals: [], driftedAccounts: [], negativeMembers: [] })

  // checkups: never more booked than places
  const over = await sql<{ n: number }>`SELECT count(*)::int AS n FROM checkup_sessions WHERE booked > capacity`.execute(c.db.kysely)
  expect(over.rows[0].n).toBe(0)
  const zhangBookings = await c.db.kysely.selectFrom('checkup_bookings').select('status').where('elder_id', '=', zhang.id).orderBy('created_at').execute()
  expect(zhangBookings.map((b) => b.status)).toEqual(['done', 'cancelled'])
}

describeEachDb('LeanCloud import from an export folder', (ctx) => {
  let server: FakeLeanCloud
  let fx: Fixture
  let dir: string
  let wangfangBefore = 0

  beforeAll(async () => {
    server = await startFakeLeanCloud({})
    fx = buildFixture(server.url)
    await servePhotos(server)
    dir = await writeExport(fx.data)
    const wf = await ctx().db.kysely.selectFrom('users').select('id').where('phone', '=', '13800000001').executeTakeFirstOrThrow()
    wangfangBefore = await pointsOf(ctx(), wf.id)
  })
  afterAll(() => server?.close())

  it('refuses bad arguments and a bad mapping clearly, writing nothing', async () => {
    const c = ctx()
    const before = await counts(c)
    const noSource = await runCli(c, [])
    expect(noSource.code).toBe(2)
    expect(noSource.err).toMatch(/--from-export/)
    const badCommunity = await main(['--community', '不存在社区', '--from-export', dir], {}, { out: sink().stream, err: sink().stream, db: c.db.kysely, storage: c.deps.storage })
    expect(badCommunity.code).toBe(1)
    const mappingFile = join(dir, 'bad-mapping.json')
    writeFileSync(mappingFile, JSON.stringify({ classes: [{ class: 'Report', kind: 'reports', categories: { 井盖: 'manhole' } }] }))
    const badMapping = await runCli(c, ['--from-export', dir, '--mapping', mappingFile])
    expect(badMapping.code).toBe(2)
    expect(badMapping.err).toMatch(/映射文件不正确[\s\S]*classes\.0\.categories/)
    expect(await counts(c)).toEqual(before)
    // the documented example is a valid mapping of all six kinds
    expect(loadMapping(join(__dirname, '../../cloud/leancloud/mapping.example.json')).classes.map((k) => k.kind)).toEqual([
      'users',
      'reports',
      'points_history',
      'points_balance',
      'volunteer_hours',
      'checkup_bookings',
    ])
  })

  it('--dry-run lists what would be created, skipped and refused, and writes nothing', async () => {
    const c = ctx()
    const before = await counts(c)
    const filesBefore = readdirSync(c.filesDir).length
    const r = await runCli(c, ['--from-export', dir, '--dry-run', '--batch', '2'])
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/试运行，未写入/)
    expect(r.out).toMatch(/缺少手机号/)
    expect(r.out).toMatch(/坐标不对/)
    expect(r.out).toMatch(/missing\.jpg：HTTP 404/)
    expect(cls(r.summary!, 'Report').created).toBe(fx.expect.reports.created)
    expect(cls(r.summary!, '_User').refused).toBe(fx.expect.users.refused + 1) // + the broken JSON line
    expect(await counts(c)).toEqual(before)
    expect(readdirSync(c.filesDir).length).toBe(filesBefore)
  })

  it('imports every class: counts match, photos without GPS, ledgers reconcile, bad rows reported', async () => {
    const c = ctx()
    const before = await counts(c)
    const r = await runCli(c, ['--from-export', dir, '--batch', '2'])
    expect(r.code).toBe(0)
    const s = r.summary!
    expect(s.sourceApp).toBe(basename(dir))
    expect(cls(s, '_User').refusals.map((x) => x.reason)).toContain('第 6 行不是合法的 JSON')
    expect(cls(s, 'PointRecord').skipped).toBe(1) // the repeated line: its points are not counted twice (balances checked below)
    await expectStory(c, fx, s.sourceApp, s, wangfangBefore)
    const after = await counts(c)
    expect(after.users - before.users).toBe(fx.expect.users.created + 1) // + the import's signing account
    expect(after.reports - before.reports).toBe(fx.expect.reports.created)
    expect(after.bookings - before.bookings).toBe(fx.expect.checkups.created)
    expect(after.timebank_journals - before.timebank_journals).toBe(fx.expect.hours.created)
    expect(after.points_journals - before.points_journals).toBe(fx.expect.pointsHistory.created + fx.expect.pointsBalance.created)
  })

  it('running twice changes nothing', async () => {
    const c = ctx()
    const before = await counts(c)
    const r = await runCli(c, ['--from-export', dir])
    expect(r.code).toBe(0)
    for (const k of r.summary!.classes) expect({ k: k.className, created: k.created, linked: k.linked }).toEqual({ k: k.className, created: 0, linked: 0 })
    expect(cls(r.summary!, 'Report').skipped).toBe(fx.expect.reports.created)
    expect(await counts(c)).toEqual(before)
    expect((await checkCommunity(c.db.kysely, await donghu(c))).ok).toBe(true)
  })
  it('a points field on _User itself becomes an opening balance (mapping "user": "")', async () => {
    const c = ctx()
    const users = fx.data._User.map((u) => ({ ...u, points: u.objectId === fx.ids['user.zhang'] ? 35 : 0 }))
    const own = await writeExport({ _User: users })
    const mappingFile = join(own, 'mapping.json')
    writeFileSync(
      mappingFile,
      JSON.stringify({
        sourceApp: 'user-points-app',
        classes: [
          { class: '_User', kind: 'users' },
          { class: '_User', kind: 'points_balance', fields: { user: '', balance: 'points' } },
        ],
      }),
    )
    const zhang = (await ourId(c, basename(dir), '_User', fx.ids['user.zhang']))!
    const before = await pointsOf(c, zhang)
    const r = await runCli(c, ['--from-export', own, '--mapping', mappingFile])
    expect(r.code).toBe(0)
    // the people are already here (linked); zhang's 35 LeanCloud points arrive, the zero balances need no journal
    expect(r.summary!.classes.map((k) => [k.kind, k.created, k.linked])).toEqual([
      ['users', 0, 3],
      ['points_balance', 1, 0],
    ])
    expect(await pointsOf(c, zhang)).toBe(before + 35)
    expect((await checkCommunity(c.db.kysely, await donghu(c))).ok).toBe(true)
  })
})

describeEachDb('LeanCloud live pull through leancloud-storage', (ctx) => {
  let story: FakeLeanCloud
  let big: FakeLeanCloud
  let fx: Fixture
  let bigFx: Fixture
  const live = (s: FakeLeanCloud, batch = '100') => ['--app-id', s.appId, '--app-key', s.appKey, '--server-url', s.url, '--batch', batch]

  beforeAll(async () => {
    story = await startFakeLeanCloud({})
    fx = buildFixture(story.url)
    Object.assign(story.data, fx.data)
    await servePhotos(story)
    big = await startFakeLeanCloud({}, { appId: 'bigApp-Q1w2E3r4', appKey: 'bigKey' })
    bigFx = buildFixture(big.url, 450, 1)
    Object.assign(big.data, bigFx.data)
    // this app never had checkup bookings: the class does not exist upstream (LeanCloud answers 101)
    delete big.data.CheckupBooking
    await servePhotos(big)
  })
  afterAll(async () => {
    await story?.close()
    await big?.close()
  })

  it('pulls every class through the SDK: counts match, photos without GPS, ledgers reconcile, bad rows reported', async () => {
    const c = ctx()
    const wf = await c.db.kysely.selectFrom('users').select('id').where('phone', '=', '13800000001').executeTakeFirstOrThrow()
    const wangfangBefore = await pointsOf(c, wf.id)
    const r = await runCli(c, live(story, '2'))
    expect(r.code).toBe(0)
    expect(r.summary!.sourceApp).toBe(story.appId)
    await expectStory(c, fx, story.appId, r.summary!, wangfangBefore)
    // what the SDK sent: pages in (createdAt, objectId) order, resuming after the last row of the page before
    const q = story.requests.filter((x) => x.path === '/1.1/classes/Report' && x.query.limit === '2')
    expect(q[0].query).toMatchObject({ order: 'createdAt,objectId', limit: '2' })
    expect(q[0].query.where ?? '{}').toBe('{}')
    const second = JSON.parse(q[1].query.where)
    expect(second.$or[0].createdAt.$gt).toEqual({ __type: 'Date', iso: fx.data.Report[1].createdAt })
    expect(second.$or[1]).toEqual({ createdAt: { __type: 'Date', iso: fx.data.Report[1].createdAt }, objectId: { $gt: fx.data.Report[1].objectId } })
  })

  it('a server failure mid-pull fails the run; the next run resumes from the checkpoint and finishes with the right counts', async () => {
    const c = ctx()
    const before = await counts(c)
    // two pages of reports go through, then the server answers 500 to the third
    big.failPages('Report', 2)
    const failed = await runCli(c, live(big))
    expect(failed.code).toBe(1)
    expect(failed.err).toMatch(/导入中断/)
    const mid = await counts(c)
    const cp = await sql<{ last_object_id: string; rows_seen: number }>`SELECT last_object_id, rows_seen FROM import_checkpoints WHERE source_app = ${big.appId} AND class_name = 'Report'`.execute(
      c.db.kysely,
    )
    expect(cp.rows).toHaveLength(1)
    expect(Number(cp.rows[0].rows_seen)).toBe(200) // the two pages committed before the failure
    expect(mid.reports - before.reports).toBeGreaterThan(0)
    expect(mid.reports - before.reports).toBeLessThan(bigFx.expect.reports.created)
    // every committed batch is whole: the reports imported are exactly the rows the checkpoint passed, less the three refused
    expect(mid.reports - before.reports).toBe(Number(cp.rows[0].rows_seen) - 3)

    big.requests.length = 0
    const resumed = await runCli(c, live(big))
    expect(resumed.code).toBe(0)
    const first = big.requests.find((x) => x.path === '/1.1/classes/Report' && x.query.limit === '100')!
    expect(JSON.parse(first.query.where).$or[1].objectId.$gt).toBe(cp.rows[0].last_object_id)
    expect(cls(resumed.summary!, 'Report').created + (mid.reports - before.reports)).toBe(bigFx.expect.reports.created)
    const after = await counts(c)
    expect(after.reports - before.reports).toBe(bigFx.expect.reports.created)
    expect(after.bookings - before.bookings).toBe(0)
    expect(cls(resumed.summary!, 'CheckupBooking')).toMatchObject({ missing: true, read: 0 })
    // no row twice: every report of this app is a distinct LeanCloud object with a distinct text
    const mine = await sql<{ n: number; texts: number }>`
      SELECT count(*)::int AS n, count(DISTINCT r.description)::int AS texts FROM reports r
      JOIN leancloud_external_ids x ON x.target_id = r.id AND x.source_app = ${big.appId} AND x.class_name = 'Report'`.execute(c.db.kysely)
    expect(mine.rows[0]).toEqual({ n: bigFx.expect.reports.created, texts: bigFx.expect.reports.created })
    const li = (await ourId(c, big.appId, '_User', bigFx.ids['user.li']))!
    expect(await minutesOf(c, li)).toBe(165)
    expect(await pointsOf(c, li)).toBe(25)
    expect((await checkCommunity(c.db.kysely, await donghu(c))).ok).toBe(true)
    expect(await checkLedger(c.db.kysely)).toEqual({ unbalancedJournals: [], driftedAccounts: [], negativeMembers: [] })
  })

  it('running again adds nothing; new rows upstream are all a later run adds', async () => {
    const c = ctx()
    const before = await counts(c)
    const again = await runCli(c, live(big))
    expect(again.code).toBe(0)
    expect(again.summary!.classes.reduce((n, k) => n + k.created + k.linked, 0)).toBe(0)
    expect(await counts(c)).toEqual(before)

    for (let i = 0; i < 3; i++) {
      big.data.Report.push({
        objectId: objectId('n'),
        createdAt: at(5000 + i),
        updatedAt: at(5000 + i),
        author: pointer('_User', bigFx.ids['user.zhang']),
        category: '噪音扰民',
        content: `新问题 ${i}：夜里施工`,
        location: { __type: 'GeoPoint', latitude: 31.2102, longitude: 121.4458 },
      })
    }
    const later = await runCli(c, live(big))
    expect(later.code).toBe(0)
    expect(cls(later.summary!, 'Report')).toMatchObject({ read: 3, created: 3, refused: 0 })
    expect((await counts(c)).reports - before.reports).toBe(3)
  })
})
