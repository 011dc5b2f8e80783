import ExcelJS from 'exceljs'
import { sql } from 'kysely'
import { describeEachDb, TEST_NOW, type TestContext } from '../helpers/app'
import { jpegWithGps } from '../fixtures/reports/photos'
import { demoGridCentre } from '../../cloud/reports/reports.seed'

const DONGHU_1 = demoGridCentre('东湖社区', '第一网格')
const DONGHU_2 = demoGridCentre('东湖社区', '第二网格')
const YONGJIA_1 = demoGridCentre('永嘉社区', '第一网格')

let seed = 900
async function submit(c: TestContext, token: string, over: Record<string, unknown> = {}) {
  const form = new FormData()
  form.append('file', new Blob([new Uint8Array(await jpegWithGps({ seed: seed++ }))], { type: 'image/jpeg' }), 'p.jpg')
  const up = await c.app.request('/api/v1/uploads', { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form })
  const { key } = (await up.json()) as { key: string }
  const res = await c.call('POST', '/api/v1/reports', {
    token,
    body: { category: 'sanitation', description: '楼道里堆满了杂物，影响通行', lat: DONGHU_1.lat, lng: DONGHU_1.lng, photoKeys: [key], anonymous: true, ...over },
  })
  expect(res.status).toBe(201)
  return res.body as { id: string; number: string; version: number; status: string }
}

/** `n` copies of a report (same grid, photos), deadlines one minute apart: enough rows to page through. */
async function cloneReports(c: TestContext, fromId: string, n: number, tag: string) {
  await sql`
    INSERT INTO reports (id, number, category, description, lat, lng, address, reporter_id, anonymous, street_id, community_id, grid_id,
      scope_path, level, status, limit_minutes, deadline_at, created_at, updated_at)
    SELECT gen_random_uuid(), ${tag} || '-' || i, r.category, r.description, r.lat, r.lng, r.address, r.reporter_id, r.anonymous, r.street_id,
      r.community_id, r.grid_id, r.scope_path, r.level, 'submitted', r.limit_minutes, r.deadline_at + i * interval '1 minute', r.created_at, r.updated_at
    FROM reports r, generate_series(1, ${n}) AS i WHERE r.id = ${fromId}`.execute(c.db.kysely)
}

async function queue(c: TestContext, token: string, query = '') {
  const res = await c.call('GET', `/api/v1/staff/reports${query}`, { token })
  expect(res.status).toBe(200)
  return res.body as {
    items: { id: string; number: string; deadlineAt: string; status: string; version: number }[]
    nextCursor: string | null
    counts: { open: number; overdue: number; submitted: number }
  }
}

describeEachDb('随手拍 staff queue: paging, bulk actions, export', (ctx) => {
  const t: Record<string, string> = {}
  const ids: Record<string, string> = {}
  beforeAll(async () => {
    const c = ctx()
    for (const who of ['13800000001', 'grid01', 'staff01', 'lead01', 'admin01', 'dept01']) t[who] = await c.login(who)
    for (const who of ['grid01']) ids[who] = (await c.db.kysely.selectFrom('users').select('id').where('username', '=', who).executeTakeFirstOrThrow()).id
  })
  beforeEach(() => ctx().clock.set(TEST_NOW))

  it('pages the queue with a cursor: every open case once, soonest deadline first, counts for the whole scope', async () => {
    const c = ctx()
    const first = await submit(c, t['13800000001'])
    await cloneReports(c, first.id, 45, 'PAGE')
    const all: { id: string; deadlineAt: string }[] = []
    let cursor: string | null = null
    let pages = 0
    let counts: { open: number } | undefined
    do {
      const page = await queue(c, t.staff01, `?limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
      counts ??= page.counts
      expect(page.counts).toEqual(counts)
      all.push(...page.items)
      cursor = page.nextCursor
      pages++
    } while (cursor && pages < 50)
    expect(new Set(all.map((r) => r.id)).size).toBe(all.length)
    expect(all.length).toBe(counts!.open)
    expect(all.length).toBeGreaterThanOrEqual(46)
    const deadlines = all.map((r) => Date.parse(r.deadlineAt))
    expect(deadlines).toEqual([...deadlines].sort((a, b) => a - b))
    // the grid worker of the other 东湖 grid does not see these; 永嘉's community staff neither
    const lead = await queue(c, t.lead01, '?limit=100')
    expect(lead.counts.open).toBeGreaterThanOrEqual(counts!.open)
    // not dispatched: the department (城管) does not see them
    const mine = new Set([first.id, ...(await c.db.kysely.selectFrom('reports').select('id').where('number', 'like', 'PAGE-%').execute()).map((r) => r.id)])
    expect(all.filter((r) => mine.has(r.id)).length).toBe(46)
    const dept = await queue(c, t.dept01, '?limit=100')
    expect(dept.items.some((r) => mine.has(r.id))).toBe(false)
  })

  it('filters compose with paging: status, category, overdue', async () => {
    const c = ctx()
    const r = await submit(c, t['13800000001'], { category: 'noise', description: '夜里广场舞音响声音太大', lat: DONGHU_2.lat, lng: DONGHU_2.lng })
    const noise = await queue(c, t.staff01, '?category=noise&status=submitted&limit=5')
    expect(noise.items.map((x) => x.id)).toContain(r.id)
    expect(noise.items.every((x) => x.status === 'submitted')).toBe(true)
    c.clock.advance(2 * 24 * 60)
    const overdue = await queue(c, t.staff01, '?overdue=true&limit=100')
    expect(overdue.items.map((x) => x.id)).toContain(r.id)
    expect(overdue.counts.overdue).toBeGreaterThanOrEqual(overdue.items.length)
    expect((await queue(c, t.staff01, '?overdue=false&limit=100')).items.map((x) => x.id)).not.toContain(r.id)
  })

  it('a cursor that does not parse falls back to the first page, never a 500', async () => {
    const res = await ctx().call('GET', '/api/v1/staff/reports?cursor=bm90LWEtY3Vyc29y', { token: t.staff01 })
    expect(res.status).toBe(200)
  })

  it('bulk accept: each report its own transition; a stale version, a wrong state and another community fail alone', async () => {
    const c = ctx()
    const a = await submit(c, t['13800000001'])
    const b = await submit(c, t['13800000001'])
    const stale = await submit(c, t['13800000001'])
    const done = await submit(c, t['13800000001'])
    const other = await submit(c, t['13800000001'], { lat: YONGJIA_1.lat, lng: YONGJIA_1.lng })
    const page = await queue(c, t.staff01, '?status=submitted&limit=100')
    const seen = (id: string) => page.items.find((x) => x.id === id)!.version
    expect(seen(a.id)).toBe(a.version)
    // someone else acts on two of them after the list was read
    await sql`UPDATE reports SET version = version + 1 WHERE id = ${stale.id}`.execute(c.db.kysely)
    expect((await c.call('POST', `/api/v1/reports/${done.id}/accept`, { token: t.grid01, body: {} })).status).toBe(200)
    const events = async (id: string) => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM report_events WHERE report_id = ${id}`.execute(c.db.kysely)).rows[0].n)
    const before = { stale: await events(stale.id), other: await events(other.id) }

    const res = await c.call('POST', '/api/v1/staff/reports/bulk', {
      token: t.staff01,
      body: {
        action: 'accept',
        items: [{ id: a.id, version: seen(a.id) }, { id: b.id, version: seen(b.id) }, { id: stale.id, version: stale.version }, { id: done.id }, { id: other.id }],
      },
    })
    expect(res.status).toBe(200)
    const by = Object.fromEntries((res.body.results as { id: string; ok: boolean; status?: string; error?: { code: string } }[]).map((r) => [r.id, r]))
    expect(by[a.id]).toMatchObject({ ok: true, status: 'accepted' })
    expect(by[b.id]).toMatchObject({ ok: true, status: 'accepted' })
    expect(by[done.id]).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } })
    expect(by[other.id]).toMatchObject({ ok: false, error: { code: 'REPORT_NOT_FOUND' } })
    expect(res.body).toMatchObject({ succeeded: 2, failed: 3 })
    expect(by[stale.id]).toMatchObject({ ok: false, error: { code: 'REPORT_STATE_CONFLICT' } })
    expect(await events(stale.id)).toBe(before.stale)
    expect((await c.call('GET', `/api/v1/reports/${stale.id}`, { token: t.staff01 })).body.status).toBe('submitted')
    expect(await events(other.id)).toBe(before.other)
    // each accepted report got its own timeline event by the community staff
    const ev = await sql<{ action: string; actor_role: string }>`SELECT action, actor_role FROM report_events WHERE report_id = ${a.id} AND action = 'accept'`.execute(c.db.kysely)
    expect(ev.rows).toEqual([{ action: 'accept', actor_role: 'community_staff' }])
  })

  it('bulk assign to a grid worker; a grid worker cannot bulk assign; bad input is 400 with nothing written', async () => {
    const c = ctx()
    const a = await submit(c, t['13800000001'])
    const b = await submit(c, t['13800000001'])
    for (const r of [a, b]) expect((await c.call('POST', `/api/v1/reports/${r.id}/accept`, { token: t.staff01, body: {} })).status).toBe(200)
    const bad = await c.call('POST', '/api/v1/staff/reports/bulk', { token: t.staff01, body: { action: 'assign', items: [{ id: a.id }] } })
    expect(bad.status).toBe(400)
    expect(bad.body.error.code).toBe('INVALID_INPUT')
    const dup = await c.call('POST', '/api/v1/staff/reports/bulk', { token: t.staff01, body: { action: 'accept', items: [{ id: a.id }, { id: a.id }] } })
    expect(dup.status).toBe(400)
    const wrong = await c.call('POST', '/api/v1/staff/reports/bulk', { token: t.staff01, body: { action: 'resolve', items: [{ id: a.id }] } })
    expect(wrong.status).toBe(400)
    const byWorker = await c.call('POST', '/api/v1/staff/reports/bulk', { token: t.grid01, body: { action: 'assign', assigneeId: ids.grid01, items: [{ id: a.id }] } })
    expect(byWorker.body.results[0]).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    const resident = await c.call('POST', '/api/v1/staff/reports/bulk', { token: t['13800000001'], body: { action: 'accept', items: [{ id: a.id }] } })
    expect(resident.status).toBe(403)
    const res = await c.call('POST', '/api/v1/staff/reports/bulk', { token: t.staff01, body: { action: 'assign', assigneeId: ids.grid01, items: [{ id: a.id }, { id: b.id }] } })
    expect(res.status).toBe(200)
    expect(res.body.results.map((r: { ok: boolean; status: string }) => [r.ok, r.status])).toEqual([
      [true, 'assigned'],
      [true, 'assigned'],
    ])
    const notices = await c.db.kysely.selectFrom('notices').select('kind').where('user_id', '=', ids.grid01).where('kind', '=', 'report.assigned').execute()
    expect(notices.length).toBeGreaterThanOrEqual(2)
  })

  it('exports the filtered queue as xlsx: the rows of the page, no reporter names or phones', async () => {
    const c = ctx()
    const r = await submit(c, t['13800000001'], { category: 'fire_safety', description: '消防通道被电瓶车堵住了', address: '东湖路 17 弄 2 号门口' })
    const res = await c.app.request('/api/v1/staff/reports.xlsx?category=fire_safety', { headers: { authorization: `Bearer ${t.staff01}` } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('spreadsheetml')
    expect(res.headers.get('content-disposition')).toContain('.xlsx')
    const book = new ExcelJS.Workbook()
    await book.xlsx.load((await res.arrayBuffer()) as ArrayBuffer)
    const sheet = book.getWorksheet('随手拍工单')!
    const header = (sheet.getRow(1).values as unknown[]).slice(1)
    expect(header).toContain('处理期限')
    const rows = sheet.getSheetValues().slice(2).filter(Boolean) as unknown[][]
    const api = await queue(c, t.staff01, '?category=fire_safety&limit=100')
    expect(rows.map((row) => row[1])).toEqual(api.items.map((x) => x.number))
    expect(rows.map((row) => row[1])).toContain(r.number)
    expect(rows.every((row) => row[2] === '消防安全')).toBe(true)
    const text = JSON.stringify(rows)
    expect(text).not.toContain('王芳')
    expect(text).not.toContain('13800000001')
    // outside the staff roles: 403; a bad filter: 400
    expect((await c.app.request('/api/v1/staff/reports.xlsx', { headers: { authorization: `Bearer ${t['13800000001']}` } })).status).toBe(403)
    expect((await c.app.request('/api/v1/staff/reports.xlsx?status=nope', { headers: { authorization: `Bearer ${t.staff01}` } })).status).toBe(400)
  })
})
