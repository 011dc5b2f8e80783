import { describeEachDb, TEST_NOW, type TestContext } from '../helpers/app'
import { pngPhoto } from '../fixtures/reports/photos'
import { demoGridCentre } from '../../cloud/reports/reports.seed'

const DONGHU_1 = demoGridCentre('东湖社区', '第一网格')
const YONGJIA_1 = demoGridCentre('永嘉社区', '第一网格')

async function submit(c: TestContext, token: string, over: Record<string, unknown> = {}) {
  const form = new FormData()
  form.append('file', new Blob([new Uint8Array(await pngPhoto())], { type: 'image/png' }), 'p.png')
  const up = await c.app.request('/api/v1/uploads', { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form })
  const key = ((await up.json()) as { key: string }).key
  const res = await c.call('POST', '/api/v1/reports', {
    token,
    body: {
      category: 'municipal',
      description: '井盖松动，踩上去会晃',
      lat: DONGHU_1.lat,
      lng: DONGHU_1.lng,
      address: '东湖路 17 弄',
      photoKeys: [key],
      anonymous: true,
      locationSource: 'map',
      ...over,
    },
  })
  expect(res.status).toBe(201)
  return res.body
}

describeEachDb('随手拍 where it is: grid boundary, org/locate, calling the reporter', (ctx) => {
  const t: Record<string, string> = {}
  beforeAll(async () => {
    for (const who of ['13800000001', 'grid01', 'staff01', 'dept01']) t[who] = await ctx().login(who)
  })
  beforeEach(() => ctx().clock.set(TEST_NOW))

  it('names the grid of a point with its boundary (GeoJSON [lng, lat], closed); null outside the street', async () => {
    const c = ctx()
    const res = await c.call('GET', `/api/v1/org/locate?lat=${DONGHU_1.lat}&lng=${DONGHU_1.lng}`, { token: t['13800000001'] })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ gridName: '东湖社区第一网格', communityName: '东湖社区', boundary: { type: 'Polygon' } })
    const ring = res.body.boundary.coordinates[0] as [number, number][]
    expect(ring[0]).toEqual(ring[ring.length - 1])
    const lngs = ring.map((p) => p[0])
    const lats = ring.map((p) => p[1])
    expect(Math.min(...lngs)).toBeLessThanOrEqual(DONGHU_1.lng)
    expect(Math.max(...lngs)).toBeGreaterThanOrEqual(DONGHU_1.lng)
    expect(Math.min(...lats)).toBeLessThanOrEqual(DONGHU_1.lat)
    expect(Math.max(...lats)).toBeGreaterThanOrEqual(DONGHU_1.lat)
    expect((await c.call('GET', `/api/v1/org/locate?lat=${YONGJIA_1.lat}&lng=${YONGJIA_1.lng}`, { token: t['13800000001'] })).body.communityName).toBe('永嘉社区')
    const outside = await c.call('GET', '/api/v1/org/locate?lat=39.9&lng=116.4', { token: t['13800000001'] })
    expect(outside).toEqual({ status: 200, body: null })
    const bad = await c.call('GET', '/api/v1/org/locate?lat=abc&lng=121.4', { token: t['13800000001'] })
    expect(bad.status).toBe(400)
    expect(bad.body.error.code).toBe('INVALID_INPUT')
    expect((await c.call('GET', `/api/v1/org/locate?lat=${DONGHU_1.lat}&lng=${DONGHU_1.lng}`)).status).toBe(401)
  })

  it('the ticket carries the grid boundary; staff in scope see the full number only by asking, each look audited', async () => {
    const c = ctx()
    const r = await submit(c, t['13800000001'])
    const view = await c.call('GET', `/api/v1/reports/${r.id}`, { token: t.grid01 })
    expect(view.body.gridBoundary.type).toBe('Polygon')
    expect(view.body.reporter).toEqual({ name: '王芳', phoneMasked: '138****0001', contactable: true })
    expect(JSON.stringify(view.body)).not.toContain('13800000001')
    const phone = await c.call('POST', `/api/v1/staff/reports/${r.id}/reporter-phone`, { token: t.grid01 })
    expect(phone).toEqual({ status: 200, body: { name: '王芳', phone: '13800000001' } })
    const audit = await c.deps.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'report.reporter_phone_viewed').execute()
    expect(audit).toHaveLength(1)
    const grid01 = await c.deps.db.kysely.selectFrom('users').select('id').where('username', '=', 'grid01').executeTakeFirstOrThrow()
    expect(audit[0].actor_id).toBe(grid01.id)
    // outside scope: the report does not exist (404), and nothing is written
    const dept = await c.call('POST', `/api/v1/staff/reports/${r.id}/reporter-phone`, { token: t.dept01 })
    expect(dept.status).toBe(404)
    expect(dept.body.error.code).toBe('REPORT_NOT_FOUND')
    const self = await c.call('POST', `/api/v1/staff/reports/${r.id}/reporter-phone`, { token: t['13800000001'] })
    expect(self.status).toBe(404)
    expect(await c.deps.db.kysely.selectFrom('audit_log').select('id').where('action', '=', 'report.reporter_phone_viewed').execute()).toHaveLength(1)
  })

  it('不希望被联系: no number, not even masked, and asking is refused with a reason', async () => {
    const c = ctx()
    const r = await submit(c, t['13800000001'], { noContact: true })
    expect(r.noContact).toBe(true)
    const view = await c.call('GET', `/api/v1/reports/${r.id}`, { token: t.staff01 })
    expect(view.body.reporter).toEqual({ name: '王芳', phoneMasked: null, contactable: false })
    const phone = await c.call('POST', `/api/v1/staff/reports/${r.id}/reporter-phone`, { token: t.staff01 })
    expect(phone.status).toBe(422)
    expect(phone.body.error).toMatchObject({ code: 'REPORTER_NO_CONTACT', message: expect.stringContaining('不希望被联系') })
    const bad = await c.call('POST', '/api/v1/reports', {
      token: t['13800000001'],
      body: { category: 'municipal', description: '井盖松动，踩上去会晃', lat: DONGHU_1.lat, lng: DONGHU_1.lng, photoKeys: [], noContact: 'yes' },
    })
    expect(bad.status).toBe(400)
  })
})
