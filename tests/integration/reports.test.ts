import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import exifr from 'exifr'
import sharp from 'sharp'
import { describeEachDb, TEST_NOW, type TestContext } from '../helpers/app'
import { tableCounts } from '../helpers/db'
import { jpegWithGps, pngPhoto } from '../fixtures/reports/photos'
import { tick } from '../../cloud/app'
import { demoGridCentre } from '../../cloud/reports/reports.seed'

const DONGHU_1 = demoGridCentre('东湖社区', '第一网格')
const DONGHU_2 = demoGridCentre('东湖社区', '第二网格')
const YONGJIA_1 = demoGridCentre('永嘉社区', '第一网格')
const GAOAN_2 = demoGridCentre('高安社区', '第二网格')

function filesIn(dir: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) out.push(...filesIn(p))
    else out.push(p)
  }
  return out
}

async function upload(c: TestContext, token: string, bytes: Buffer, type = 'image/jpeg', name = 'photo.jpg') {
  const form = new FormData()
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), name)
  const res = await c.app.request('/api/v1/uploads', { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form })
  return { status: res.status, body: (await res.json()) as any }
}

let seed = 100
async function submit(c: TestContext, token: string, over: Record<string, unknown> = {}) {
  const photo = await upload(c, token, await jpegWithGps({ seed: seed++ }))
  expect(photo.status).toBe(201)
  const res = await c.call('POST', '/api/v1/reports', {
    token,
    body: {
      category: 'sanitation',
      description: '楼下垃圾堆了好几天没人清理',
      lat: DONGHU_1.lat + 0.0003,
      lng: DONGHU_1.lng,
      address: '东湖路 17 弄 2 号门口',
      photoKeys: [photo.body.key],
      anonymous: true,
      ...over,
    },
  })
  return res
}

async function act(c: TestContext, token: string, id: string, action: string, body: unknown = {}) {
  return c.call('POST', `/api/v1/reports/${id}/${action}`, { token, body })
}

describeEachDb('随手拍 reports', (ctx) => {
  const t: Record<string, string> = {}
  beforeAll(async () => {
    const c = ctx()
    for (const who of ['13800000001', '13800000002', '13800000004', 'grid01', 'staff01', 'lead01', 'dept01', 'admin01']) t[who] = await c.login(who)
  })
  beforeEach(() => ctx().clock.set(TEST_NOW))

  it('lists the ten categories with their time limits', async () => {
    const res = await ctx().call('GET', '/api/v1/reports/categories')
    expect(res.status).toBe(200)
    expect(res.body.items.map((c: { name: string }) => c.name)).toEqual(['环境卫生', '市政设施', '园林绿化', '违章搭建', '占道经营', '噪音扰民', '消防安全', '物业管理', '交通秩序', '其他'])
    expect(res.body.items.find((c: { code: string }) => c.code === 'fire_safety').limitMinutes).toBe(120)
  })

  it('stores an upload re-encoded: EXIF and GPS gone, orientation applied, ≤ 2048 px, with a 480 px thumbnail; a retry is the same file', async () => {
    const c = ctx()
    const original = await jpegWithGps({ width: 3000, height: 2000, seed: 7 })
    expect((await exifr.gps(original))?.latitude).toBeCloseTo(31.21, 2)
    const res = await upload(c, t['13800000001'], original)
    expect(res.status).toBe(201)
    expect(res.body.key).toMatch(/^photos\/[0-9a-f]{64}\.jpg$/)
    expect(res.body.url).toBe(`/files/${res.body.key}`)
    const stored = readFileSync(join(c.filesDir, res.body.key))
    expect(await exifr.parse(stored, { gps: true, tiff: true, exif: true })).toBeUndefined()
    const meta = await sharp(stored).metadata()
    // orientation 6 (rotate 90°) applied: 3000×2000 landscape becomes portrait, then fit in 2048
    expect([meta.width, meta.height]).toEqual([1365, 2048])
    expect(meta.orientation).toBeUndefined()
    const thumb = await sharp(readFileSync(join(c.filesDir, res.body.thumbnailUrl.replace('/files/', '')))).metadata()
    expect(Math.max(thumb.width!, thumb.height!)).toBe(480)
    const before = filesIn(c.filesDir).length
    const again = await upload(c, t['13800000001'], original)
    expect(again.body.key).toBe(res.body.key)
    expect(filesIn(c.filesDir).length).toBe(before)
    const png = await upload(c, t['13800000001'], await pngPhoto(), 'image/png', 'a.png')
    expect(png.status).toBe(201)
  })

  it('refuses bad uploads with 415 / 400 / 413 / 401 and stores nothing', async () => {
    const c = ctx()
    const token = t['13800000001']
    const before = { files: filesIn(c.filesDir).length, rows: await tableCounts(c.db) }
    const text = await upload(c, token, Buffer.from('这不是照片，只是一段文字'), 'image/jpeg', 'fake.jpg')
    expect([text.status, text.body.error.code]).toEqual([415, 'NOT_AN_IMAGE'])
    const svg = await upload(c, token, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'), 'image/svg+xml', 'a.svg')
    expect(svg.status).toBe(415)
    const full = await jpegWithGps({ seed: 3 })
    const cut = await upload(c, token, full.subarray(0, Math.floor(full.length * 0.6)))
    expect([cut.status, cut.body.error.code]).toEqual([400, 'IMAGE_TRUNCATED'])
    const big = await upload(c, token, Buffer.concat([full, Buffer.alloc(10 * 1024 * 1024)]))
    expect([big.status, big.body.error.code]).toEqual([413, 'IMAGE_TOO_LARGE'])
    const json = await c.call('POST', '/api/v1/uploads', { token, body: { file: 'x' } })
    expect(json.status).toBe(415)
    const form = new FormData()
    form.append('photo', 'not a file')
    const noFile = await c.app.request('/api/v1/uploads', { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form })
    expect(noFile.status).toBe(400)
    const anon = await c.app.request('/api/v1/uploads', { method: 'POST', body: new FormData() })
    expect(anon.status).toBe(401)
    expect(filesIn(c.filesDir).length).toBe(before.files)
    expect(await tableCounts(c.db)).toEqual(before.rows)
  })

  it('routes by location: grid box, nearest grid, default time limit; outside the street is a clear 422', async () => {
    const c = ctx()
    const south = await submit(c, t['13800000002'], { lat: DONGHU_2.lat, lng: DONGHU_2.lng, category: 'fire_safety' })
    expect(south.status).toBe(201)
    expect(south.body.gridName).toBe('东湖社区第二网格')
    expect(south.body.number).toMatch(/^SSP-20261127-\d{4}$/)
    expect(new Date(south.body.deadlineAt).getTime() - new Date(TEST_NOW).getTime()).toBe(2 * 3600_000)
    const yongjia = await submit(c, t['13800000002'], { lat: YONGJIA_1.lat, lng: YONGJIA_1.lng, category: 'illegal_building' })
    expect([yongjia.body.communityName, yongjia.body.gridName]).toEqual(['永嘉社区', '永嘉社区第一网格'])
    expect(new Date(yongjia.body.deadlineAt).getTime() - new Date(TEST_NOW).getTime()).toBe(15 * 86400_000)
    const before = await tableCounts(c.db)
    const outside = await c.call('POST', '/api/v1/reports', {
      token: t['13800000002'],
      body: { category: 'other', description: '外滩这里有个问题', lat: 31.24, lng: 121.49, photoKeys: [yongjia.body.photos[0].key], anonymous: true },
    })
    expect([outside.status, outside.body.error.code]).toEqual([422, 'OUTSIDE_STREET'])
    const unknownPhoto = await c.call('POST', '/api/v1/reports', {
      token: t['13800000002'],
      body: { category: 'other', description: '照片没有上传成功', lat: DONGHU_1.lat, lng: DONGHU_1.lng, photoKeys: [`photos/${'a'.repeat(64)}.jpg`], anonymous: true },
    })
    expect([unknownPhoto.status, unknownPhoto.body.error.code]).toEqual([422, 'UPLOAD_NOT_FOUND'])
    const bad = await c.call('POST', '/api/v1/reports', { token: t['13800000002'], body: { category: 'nope', description: '短', lat: 'x', photoKeys: [] } })
    expect(bad.status).toBe(400)
    expect(Object.keys(bad.body.error.details.fields).sort()).toEqual(['category', 'description', 'lat', 'lng', 'photoKeys'])
    expect(await tableCounts(c.db)).toEqual(before)
  })

  it('public views never leak the reporter: name, phone, openid or exact address; staff in scope see who reported', async () => {
    const c = ctx()
    await c.db.kysely.updateTable('users').set({ wx_openid: 'oWANGFANG-openid-123' }).where('phone', '=', '13800000001').execute()
    const mine = await submit(c, t['13800000001'], { anonymous: false })
    expect(mine.body.address).toBe('东湖路 17 弄 2 号门口')
    const publicCalls = [
      await c.call('GET', `/api/v1/reports/${mine.body.id}`, { token: t['13800000004'] }),
      await c.call('GET', '/api/v1/reports', { token: t['13800000004'] }),
      await c.call('GET', `/api/v1/reports/nearby?lat=${DONGHU_1.lat}&lng=${DONGHU_1.lng}&category=sanitation`, { token: t['13800000002'] }),
    ]
    for (const res of publicCalls) {
      expect(res.status).toBe(200)
      const text = JSON.stringify(res.body)
      for (const secret of ['王芳', '13800000001', '138****0001', 'oWANGFANG', '17 弄 2 号']) expect({ secret, leaked: text.includes(secret) }).toEqual({ secret, leaked: false })
    }
    expect(publicCalls[1].body.items.some((i: { id: string }) => i.id === mine.body.id)).toBe(true)
    const staff = await c.call('GET', `/api/v1/reports/${mine.body.id}`, { token: t.grid01 })
    expect(staff.body.reporter).toEqual({ name: '王芳', phoneMasked: '138****0001', contactable: true })
    expect(staff.body.address).toBe('东湖路 17 弄 2 号门口')
  })

  it('walks the whole life: accept → assign → start → resolve with an after photo → confirm and rate; every step an event, points event on accept', async () => {
    const c = ctx()
    const r = (await submit(c, t['13800000001'])).body
    expect(r.status).toBe('submitted')
    const gridWorker = await c.db.kysely.selectFrom('users').select('id').where('username', '=', 'grid01').executeTakeFirstOrThrow()
    const notices = await c.db.kysely.selectFrom('notices').select('kind').where('user_id', '=', gridWorker.id).where('kind', '=', 'report.new').execute()
    expect(notices.length).toBeGreaterThan(0)
    const accepted = await act(c, t.grid01, r.id, 'accept')
    expect([accepted.status, accepted.body.status]).toEqual([200, 'accepted'])
    const outbox = await c.db.kysely.selectFrom('outbox').select('payload').where('topic', '=', 'report.accepted').execute()
    expect(outbox.map((o) => (o.payload as { reportId: string }).reportId)).toContain(r.id)
    expect(outbox.find((o) => (o.payload as { reportId: string }).reportId === r.id)!.payload).toMatchObject({
      reporterId: expect.any(String),
      communityId: expect.any(String),
      acceptedAt: TEST_NOW.replace('Z', '.000Z'),
    })
    const assigned = await act(c, t.staff01, r.id, 'assign', { assigneeId: gridWorker.id })
    expect(assigned.body.status).toBe('assigned')
    expect((await act(c, t.grid01, r.id, 'start')).body.status).toBe('in_progress')
    const after = await upload(c, t.grid01, await jpegWithGps({ seed: 999 }))
    const noPhoto = await act(c, t.grid01, r.id, 'resolve', { note: '已清运', photoKeys: [] })
    expect(noPhoto.status).toBe(400)
    const resolved = await act(c, t.grid01, r.id, 'resolve', { note: '已联系环卫清运完毕', photoKeys: [after.body.key] })
    expect(resolved.body.status).toBe('resolved')
    expect(resolved.body.photos.filter((p: { kind: string }) => p.kind === 'after')).toHaveLength(1)
    expect((await act(c, t.grid01, r.id, 'confirm', { rating: 5 })).status).toBe(403)
    const confirmed = await act(c, t['13800000001'], r.id, 'confirm', { rating: 4, comment: '很快' })
    expect([confirmed.body.status, confirmed.body.rating]).toEqual(['closed', 4])
    const events = await c.db.kysely
      .selectFrom('report_events')
      .select(['action', 'from_status', 'to_status', 'actor_role'])
      .where('report_id', '=', r.id)
      .orderBy('created_at')
      .orderBy('id')
      .execute()
    expect(events.map((e) => [e.action, e.from_status, e.to_status, e.actor_role])).toEqual([
      ['submit', null, 'submitted', 'reporter'],
      ['accept', 'submitted', 'accepted', 'grid_worker'],
      ['assign', 'accepted', 'assigned', 'community_staff'],
      ['start', 'assigned', 'in_progress', 'grid_worker'],
      ['resolve', 'in_progress', 'resolved', 'grid_worker'],
      ['confirm', 'resolved', 'closed', 'reporter'],
    ])
    const mine = await c.call('GET', '/api/v1/me/reports', { token: t['13800000001'] })
    expect(mine.body.items.find((i: { id: string }) => i.id === r.id).statusLabel).toBe('已办结')
  })

  it('every illegal transition is 409 with the current state, and writes nothing', async () => {
    const c = ctx()
    const r = (await submit(c, t['13800000001'])).body
    const gridWorker = await c.db.kysely.selectFrom('users').select('id').where('username', '=', 'grid01').executeTakeFirstOrThrow()
    const dept = await c.db.kysely.selectFrom('org_units').select('id').where('name', '=', '城管中队').executeTakeFirstOrThrow()
    const bodies: Record<string, unknown> = {
      assign: { assigneeId: gridWorker.id },
      escalate: { reason: '需要协调' },
      dispatch: { departmentId: dept.id },
      reassign: { reason: '不归我们' },
      start: {},
      resolve: { note: '处理好了', photoKeys: [r.photos[0].key] },
    }
    const before = await tableCounts(c.db)
    for (const [action, body] of Object.entries(bodies)) {
      const res = await act(c, t.staff01, r.id, action, body)
      expect({ action, status: res.status, code: res.body.error?.code, state: res.body.error?.details?.status }).toEqual({ action, status: 409, code: 'INVALID_STATE', state: 'submitted' })
    }
    for (const [action, body] of Object.entries({ confirm: { rating: 5 }, reopen: { reason: '没修好' } })) {
      const res = await act(c, t['13800000001'], r.id, action, body)
      expect({ action, status: res.status, state: res.body.error?.details?.status }).toEqual({ action, status: 409, state: 'submitted' })
    }
    expect(await tableCounts(c.db)).toEqual(before)
    await act(c, t.grid01, r.id, 'accept')
    const twice = await act(c, t.grid01, r.id, 'accept')
    expect([twice.status, twice.body.error.details.status]).toEqual([409, 'accepted'])
    expect((await act(c, t.grid01, r.id, 'reject', { reason: '重复' })).body.error.details.status).toBe('accepted')
    expect((await act(c, t.grid01, r.id, 'resolve', bodies.resolve)).body.error.details.status).toBe('accepted')
  })

  it('reject needs a reason, shown to the reporter', async () => {
    const c = ctx()
    const r = (await submit(c, t['13800000001'])).body
    expect((await act(c, t.grid01, r.id, 'reject', {})).status).toBe(400)
    const rejected = await act(c, t.grid01, r.id, 'reject', { reason: '属于小区内部事务，请联系物业' })
    expect(rejected.body.status).toBe('rejected')
    const seen = await c.call('GET', `/api/v1/reports/${r.id}`, { token: t['13800000001'] })
    expect(seen.body.rejectReason).toBe('属于小区内部事务，请联系物业')
    const n = await c.db.kysely
      .selectFrom('notices as n')
      .innerJoin('users as u', 'u.id', 'n.user_id')
      .select('n.body')
      .where('u.phone', '=', '13800000001')
      .where('n.kind', '=', 'report.rejected')
      .execute()
    expect(n.some((x) => x.body.includes('请联系物业'))).toBe(true)
  })

  it('merge: the duplicate points at the earlier report; its reporter becomes a supporter and follows it', async () => {
    const c = ctx()
    const first = (await submit(c, t['13800000001'], { category: 'traffic', lat: GAOAN_2.lat, lng: GAOAN_2.lng })).body
    const dup = (await submit(c, t['13800000002'], { category: 'traffic', lat: GAOAN_2.lat + 0.0005, lng: GAOAN_2.lng })).body
    const other = (await submit(c, t['13800000002'], { category: 'noise', lat: GAOAN_2.lat, lng: GAOAN_2.lng })).body
    // grid01 works in 东湖: 高安's reports do not exist for him
    expect((await act(c, t.grid01, dup.id, 'merge', { targetId: first.id })).status).toBe(404)
    expect((await act(c, t.lead01, other.id, 'merge', { targetId: first.id })).body.error.code).toBe('MERGE_TARGET_INVALID')
    expect((await act(c, t.lead01, dup.id, 'merge', { targetId: dup.id })).body.error.code).toBe('MERGE_TARGET_INVALID')
    const merged = await act(c, t.lead01, dup.id, 'merge', { targetId: first.id })
    expect([merged.body.status, merged.body.mergedInto]).toEqual(['merged', first.id])
    const target = await c.call('GET', `/api/v1/reports/${first.id}`, { token: t['13800000002'] })
    expect([target.body.supporters, target.body.supported]).toEqual([1, true])
    const row = await c.db.kysely.selectFrom('reports').select(['status', 'merged_into']).where('id', '=', dup.id).executeTakeFirstOrThrow()
    expect(row).toEqual({ status: 'merged', merged_into: first.id })
  })

  it('"我也遇到" and nearby: same category within 250 m, nearest first; a second support is refused', async () => {
    const c = ctx()
    const here = { lat: 31.2085, lng: 121.4455 } // 乌中社区第一网格 box
    const r = (await submit(c, t['13800000001'], { category: 'municipal', ...here })).body
    const near = await c.call('GET', `/api/v1/reports/nearby?lat=${here.lat + 0.0015}&lng=${here.lng}&category=municipal`, { token: t['13800000002'] })
    expect(near.body.items.map((i: { id: string }) => i.id)).toContain(r.id)
    // measured to the rounded position residents see (31.209), in 50 m steps: not the exact 167 m
    expect(near.body.items.find((i: { id: string }) => i.id === r.id).distanceMeters).toBe(100)
    const far = await c.call('GET', `/api/v1/reports/nearby?lat=${here.lat + 0.003}&lng=${here.lng}&category=municipal`, { token: t['13800000002'] })
    expect(far.body.items.map((i: { id: string }) => i.id)).not.toContain(r.id)
    const otherCategory = await c.call('GET', `/api/v1/reports/nearby?lat=${here.lat}&lng=${here.lng}&category=noise`, { token: t['13800000002'] })
    expect(otherCategory.body.items.map((i: { id: string }) => i.id)).not.toContain(r.id)
    expect((await c.call('GET', '/api/v1/reports/nearby?lat=abc&lng=1', { token: t['13800000002'] })).status).toBe(400)
    const s = await act(c, t['13800000002'], r.id, 'support')
    expect([s.status, s.body.supporters]).toEqual([200, 1])
    expect((await act(c, t['13800000002'], r.id, 'support')).status).toBe(409)
    expect((await act(c, t['13800000001'], r.id, 'support')).status).toBe(409)
  })

  it('片区吹哨 and 部门报到: escalate, dispatch, "not ours" back to the 片区, dispatch again, department starts and resolves', async () => {
    const c = ctx()
    const r = (await submit(c, t['13800000001'], { category: 'street_vending' })).body
    const dept = await c.db.kysely.selectFrom('org_units').select('id').where('name', '=', '城管中队').executeTakeFirstOrThrow()
    const water = await c.db.kysely.selectFrom('org_units').select('id').where('name', '=', '水务所').executeTakeFirstOrThrow()
    // the department cannot see a case that was not sent to it
    expect((await act(c, t.dept01, r.id, 'start')).status).toBe(404)
    await act(c, t.staff01, r.id, 'accept')
    expect((await act(c, t.staff01, r.id, 'escalate', {})).status).toBe(400)
    const esc = await act(c, t.staff01, r.id, 'escalate', { reason: '涉及多个部门，社区协调不了' })
    expect([esc.body.status, esc.body.level, esc.body.holder]).toEqual(['escalated', 'cluster', '天平第一片区'])
    expect((await act(c, t.grid01, r.id, 'dispatch', { departmentId: water.id })).status).toBe(403)
    const sent = await act(c, t.lead01, r.id, 'dispatch', { departmentId: water.id })
    expect([sent.body.status, sent.body.holder]).toEqual(['dispatched', '水务所'])
    expect((await act(c, t.dept01, r.id, 'reassign', { reason: '不归我们' })).status).toBe(404)
    const waterStaff = await c.login('admin01')
    const back = await act(c, waterStaff, r.id, 'reassign', { reason: '占道经营归城管，不归水务' })
    expect([back.body.status, back.body.holder]).toEqual(['escalated', '天平第一片区'])
    expect(back.body.timeline.at(-1)).toMatchObject({ action: 'reassign', reason: '占道经营归城管，不归水务' })
    await act(c, t.lead01, r.id, 'dispatch', { departmentId: dept.id })
    const queue = await c.call('GET', '/api/v1/staff/reports', { token: t.dept01 })
    expect(queue.body.items.map((i: { id: string }) => i.id)).toContain(r.id)
    expect((await act(c, t.dept01, r.id, 'start')).body.status).toBe('in_progress')
    const after = await upload(c, t.dept01, await jpegWithGps({ seed: 4242 }))
    const done = await act(c, t.dept01, r.id, 'resolve', { note: '摊贩已劝离', photoKeys: [after.body.key] })
    expect(done.body.status).toBe('resolved')
    const note = await act(c, t.lead01, r.id, 'note', { text: '这家摊贩是第三次了，下次直接处罚' })
    expect(note.body.timeline.some((e: { action: string }) => e.action === 'note')).toBe(true)
    const publicView = await c.call('GET', `/api/v1/reports/${r.id}`, { token: t['13800000002'] })
    expect(JSON.stringify(publicView.body)).not.toContain('第三次')
  })

  it('reopen within 7 days goes back to the same handler against the original deadline; after 7 days it is refused', async () => {
    const c = ctx()
    const r = (await submit(c, t['13800000001'])).body
    await act(c, t.grid01, r.id, 'accept')
    await act(c, t.grid01, r.id, 'start')
    const after = await upload(c, t.grid01, await jpegWithGps({ seed: 555 }))
    await act(c, t.grid01, r.id, 'resolve', { note: '已清理', photoKeys: [after.body.key] })
    c.clock.advance(3 * 24 * 60)
    expect((await act(c, t['13800000002'], r.id, 'reopen', { reason: '又堆起来了' })).status).toBe(404)
    const reopened = await act(c, t['13800000001'], r.id, 'reopen', { reason: '又堆起来了，没有清干净' })
    expect([reopened.body.status, reopened.body.deadlineAt, reopened.body.overdue]).toEqual(['reopened', r.deadlineAt, true])
    const gridWorker = await c.db.kysely.selectFrom('users').select('id').where('username', '=', 'grid01').executeTakeFirstOrThrow()
    const told = await c.db.kysely.selectFrom('notices').select('body').where('user_id', '=', gridWorker.id).where('kind', '=', 'report.reopened').execute()
    expect(told.some((n) => n.body.includes(r.number))).toBe(true)
    await act(c, t.grid01, r.id, 'start')
    await act(c, t.grid01, r.id, 'resolve', { note: '彻底清理', photoKeys: [after.body.key] })
    c.clock.advance(8 * 24 * 60)
    const late = await act(c, t['13800000001'], r.id, 'reopen', { reason: '还是不行' })
    expect([late.status, late.body.error.code]).toEqual([422, 'REOPEN_WINDOW_PASSED'])
  })

  it('tick escalates an overdue case one level at a time (grid → community → 片区 → street), once per level, and closes unconfirmed resolutions after 7 days', async () => {
    const c = ctx()
    const r = (await submit(c, t['13800000002'], { category: 'fire_safety', description: '楼道里堆满纸箱，堵住了消防通道' })).body
    const level = async () => await c.db.kysely.selectFrom('reports').select(['level', 'escalations']).where('id', '=', r.id).executeTakeFirstOrThrow()
    const at = (minutes: number) => new Date(new Date(TEST_NOW).getTime() + minutes * 60_000)
    await tick(c.deps, at(60))
    expect(await level()).toEqual({ level: 'grid', escalations: 0 })
    await tick(c.deps, at(121))
    expect(await level()).toEqual({ level: 'community', escalations: 1 })
    await tick(c.deps, at(122)) // a second tick in the same window changes nothing
    expect(await level()).toEqual({ level: 'community', escalations: 1 })
    const staff = await c.db.kysely.selectFrom('users').select('id').where('username', '=', 'staff01').executeTakeFirstOrThrow()
    expect((await c.db.kysely.selectFrom('notices').select('body').where('user_id', '=', staff.id).where('kind', '=', 'report.overdue').execute()).some((n) => n.body.includes(r.number))).toBe(true)
    await tick(c.deps, at(241))
    expect(await level()).toEqual({ level: 'cluster', escalations: 2 })
    await tick(c.deps, at(361))
    expect(await level()).toEqual({ level: 'street', escalations: 3 })
    await tick(c.deps, at(2000))
    expect(await level()).toEqual({ level: 'street', escalations: 3 })
    const overdueEvents = await c.db.kysely.selectFrom('report_events').select(['level', 'actor_role']).where('report_id', '=', r.id).where('action', '=', 'overdue').orderBy('created_at').execute()
    expect(overdueEvents).toEqual([
      { level: 'community', actor_role: 'system' },
      { level: 'cluster', actor_role: 'system' },
      { level: 'street', actor_role: 'system' },
    ])
    // the case is now the street's; the admin resolves it and nobody confirms for 7 days
    c.clock.set(at(2000))
    await act(c, t.admin01, r.id, 'accept')
    await act(c, t.admin01, r.id, 'start')
    const after = await upload(c, t.admin01, await jpegWithGps({ seed: 77 }))
    await act(c, t.admin01, r.id, 'resolve', { note: '纸箱已清走', photoKeys: [after.body.key] })
    await tick(c.deps, at(2000 + 6 * 24 * 60))
    expect((await c.db.kysely.selectFrom('reports').select('status').where('id', '=', r.id).executeTakeFirstOrThrow()).status).toBe('resolved')
    await tick(c.deps, at(2000 + 7 * 24 * 60 + 1))
    expect((await c.db.kysely.selectFrom('reports').select('status').where('id', '=', r.id).executeTakeFirstOrThrow()).status).toBe('closed')
  })

  it('the staff queue: my scope only, soonest deadline first, filters and badge counts', async () => {
    const c = ctx()
    const q = await c.call('GET', '/api/v1/staff/reports?limit=100', { token: t.grid01 })
    expect(q.status).toBe(200)
    const deadlines = q.body.items.map((i: { deadlineAt: string }) => i.deadlineAt)
    expect(deadlines).toEqual([...deadlines].sort())
    expect(q.body.items.every((i: { holder: string }) => typeof i.holder === 'string')).toBe(true)
    const ids = new Set(q.body.items.map((i: { id: string }) => i.id))
    const gaoan = (await submit(c, t['13800000001'], { category: 'other', lat: GAOAN_2.lat, lng: GAOAN_2.lng })).body
    const again = await c.call('GET', '/api/v1/staff/reports?limit=100', { token: t.grid01 })
    expect(again.body.items.map((i: { id: string }) => i.id)).not.toContain(gaoan.id)
    const lead = await c.call('GET', '/api/v1/staff/reports?limit=100&status=submitted', { token: t.lead01 })
    expect(lead.body.items.map((i: { id: string }) => i.id)).toContain(gaoan.id)
    expect(lead.body.items.every((i: { status: string }) => i.status === 'submitted')).toBe(true)
    expect(ids.size).toBe(q.body.counts.open)
    const overdue = await c.call('GET', '/api/v1/staff/reports?overdue=true', { token: t.grid01 })
    expect(overdue.body.items.every((i: { overdue: boolean }) => i.overdue)).toBe(true)
    expect((await c.call('GET', '/api/v1/staff/reports', { token: t['13800000001'] })).status).toBe(403)
    const stats = await c.call('GET', '/api/v1/staff/reports/stats', { token: t.lead01 })
    expect(stats.body.items.map((s: { unitName: string }) => s.unitName)).toEqual(expect.arrayContaining(['东湖社区', '高安社区', '天平第一片区']))
  })

  it("another community's report is 404 for its staff actions; a resident acting as staff is 403", async () => {
    const c = ctx()
    const yongjia = (await submit(c, t['13800000001'], { lat: YONGJIA_1.lat, lng: YONGJIA_1.lng })).body
    for (const who of ['grid01', 'staff01', 'lead01', 'dept01']) {
      const res = await act(c, t[who], yongjia.id, 'accept')
      expect({ who, status: res.status, code: res.body.error.code }).toEqual({ who, status: 404, code: 'REPORT_NOT_FOUND' })
    }
    expect((await act(c, t['13800000002'], yongjia.id, 'accept')).status).toBe(404)
    expect((await act(c, t['13800000001'], yongjia.id, 'accept')).status).toBe(403)
    expect((await act(c, t.admin01, yongjia.id, 'accept')).status).toBe(200)
    expect((await c.call('GET', '/api/v1/reports/01900000-0000-7000-8000-000000000000', { token: t.grid01 })).status).toBe(404)
  })
})
