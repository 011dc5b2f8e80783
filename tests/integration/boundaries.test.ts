import gcoord from 'gcoord'
import { describeEachDb, TEST_NOW, type TestContext } from '../helpers/app'
import { tableCounts } from '../helpers/db'
import { jpegWithGps } from '../fixtures/reports/photos'
import { gridBoundary } from '../../cloud/org/boundaries.repository'
import { routeLocation } from '../../cloud/reports/repository/routing'

type Ring = number[][]
const rect = (w: number, s: number, e: number, n: number): Ring => [
  [w, s],
  [e, s],
  [e, n],
  [w, n],
  [w, s],
]
const polygon = (...rings: Ring[]) => ({ type: 'Polygon', coordinates: rings })
const feature = (name: string, geometry: unknown, parent?: string) => ({ type: 'Feature', properties: { name, ...(parent ? { parent } : {}) }, geometry })
const fc = (...features: unknown[]) => ({ type: 'FeatureCollection', features })

/**
 * 东湖社区 (121.430–121.435 E, 31.195–31.215 N) redrawn: 第二网格 is an L — the west column of the
 * south half plus a strip along the south edge — and 第一网格 is the north half plus the block the
 * L wraps round (121.4325–121.435 E, 31.1965–31.205 N). CORNER is in that block: inside 第二网格's
 * bounding box, but the polygon says 第一网格 (grid01's grid).
 */
const DONGHU_L = fc(
  feature(
    '东湖社区第一网格',
    polygon([
      [121.43, 31.205],
      [121.4325, 31.205],
      [121.4325, 31.1965],
      [121.435, 31.1965],
      [121.435, 31.215],
      [121.43, 31.215],
      [121.43, 31.205],
    ]),
  ),
  feature(
    '东湖社区第二网格',
    polygon([
      [121.43, 31.195],
      [121.435, 31.195],
      [121.435, 31.1965],
      [121.4325, 31.1965],
      [121.4325, 31.205],
      [121.43, 31.205],
      [121.43, 31.195],
    ]),
  ),
)
const CORNER = { lat: 31.1975, lng: 121.434 }

async function upload(c: TestContext, token: string, seed: number) {
  const form = new FormData()
  form.append('file', new Blob([new Uint8Array(await jpegWithGps({ seed }))], { type: 'image/jpeg' }), 'photo.jpg')
  const res = await c.app.request('/api/v1/uploads', { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form })
  expect(res.status).toBe(201)
  return ((await res.json()) as { key: string }).key
}

async function gridIdByName(c: TestContext, name: string): Promise<string> {
  return (await c.db.kysely.selectFrom('org_units').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id
}

describeEachDb('网格边界 boundaries', (ctx) => {
  const t: Record<string, string> = {}
  beforeAll(async () => {
    for (const who of ['13800000001', 'grid01', 'staff01', 'lead01', 'admin01']) t[who] = await ctx().login(who)
  })
  beforeEach(() => ctx().clock.set(TEST_NOW))

  it('demo: a point in the notch of 东湖社区第一网格 (an L) routes to 第二网格 that really holds it', async () => {
    const c = ctx()
    // inside 第一网格's bounding box (31.205–31.215 N, 121.430–121.435 E), outside the L
    const route = await routeLocation(c.db.kysely, 31.2065, 121.434)
    expect(route?.gridId).toBe(await gridIdByName(c, '东湖社区第二网格'))
    expect((await routeLocation(c.db.kysely, 31.21, 121.4327))?.gridId).toBe(await gridIdByName(c, '东湖社区第一网格'))
    const boundary = await gridBoundary(c.db.kysely, await gridIdByName(c, '东湖社区第一网格'))
    expect(boundary?.type).toBe('Polygon')
    expect((boundary as { coordinates: number[][][] }).coordinates[0]).toHaveLength(7) // an L has six corners
  })

  it('gridBoundary: the box as a polygon where only a box exists, null where there is nothing', async () => {
    const c = ctx()
    const street = await c.db.kysely.selectFrom('org_units').select('id').where('kind', '=', 'street').executeTakeFirstOrThrow()
    expect(await gridBoundary(c.db.kysely, street.id)).toEqual({
      type: 'Polygon',
      coordinates: [
        [
          [121.43, 31.195],
          [121.455, 31.195],
          [121.455, 31.215],
          [121.43, 31.215],
          [121.43, 31.195],
        ],
      ],
    })
    const dept = await c.db.kysely.selectFrom('org_units').select('id').where('kind', '=', 'department').executeTakeFirstOrThrow()
    expect(await gridBoundary(c.db.kysely, dept.id)).toBeNull()
  })

  it('imports a FeatureCollection (dry run, then commit); a report in the concave corner lands in the grid worker’s queue', async () => {
    const c = ctx()
    const collection = DONGHU_L
    const before = await tableCounts(c.db)
    const dry = await c.call('POST', '/api/v1/admin/org-units/boundaries', { token: t.admin01, body: { crs: 'gcj02', collection, dryRun: true } })
    expect(dry.status).toBe(200)
    expect(dry.body.matched.map((m: { name: string }) => m.name)).toEqual(['东湖社区第一网格', '东湖社区第二网格'])
    expect(dry.body.unmatched).toEqual([])
    expect(dry.body.problems).toEqual([])
    expect(await tableCounts(c.db)).toEqual(before) // a dry run writes nothing

    const done = await c.call('POST', '/api/v1/admin/org-units/boundaries', { token: t.admin01, body: { crs: 'gcj02', collection, dryRun: false } })
    expect(done.status).toBe(200)
    // CORNER is inside 第二网格's bounding box (31.195–31.205 N, 121.430–121.435 E) but not inside the L
    const key = await upload(c, t['13800000001'], 7)
    const report = await c.call('POST', '/api/v1/reports', {
      token: t['13800000001'],
      body: { category: 'sanitation', description: '拐角这里的垃圾桶满了没人清运', ...CORNER, address: '东湖路拐角', photoKeys: [key], anonymous: true },
    })
    expect(report.status).toBe(201)
    expect(report.body.gridName).toBe('东湖社区第一网格')
    const queue = await c.call('GET', '/api/v1/staff/reports', { token: t.grid01 })
    expect(queue.status).toBe(200)
    expect(queue.body.items.map((r: { id: string }) => r.id)).toContain(report.body.id)
    const audit = await c.db.kysely.selectFrom('audit_log').select('action').where('action', '=', 'org.boundaries_imported').execute()
    expect(audit).toHaveLength(1)
  })

  it('dry run reports self-intersections, overlaps, gaps and unknown names; a commit with a blocking problem writes nothing', async () => {
    const c = ctx()
    const bowtie = polygon([
      [121.44, 31.205],
      [121.445, 31.215],
      [121.445, 31.205],
      [121.44, 31.215],
      [121.44, 31.205],
    ])
    const collection = fc(
      feature('建新社区第一网格', bowtie),
      // 第二网格 reaches 0.001° into 第一网格 (overlap) and leaves 31.195–31.196 uncovered (gap)
      feature('建新社区第二网格', polygon(rect(121.44, 31.196, 121.445, 31.206))),
      feature('不存在的网格', polygon(rect(121.44, 31.196, 121.445, 31.206))),
    )
    const dry = await c.call('POST', '/api/v1/admin/org-units/boundaries', { token: t.admin01, body: { crs: 'gcj02', collection, dryRun: true } })
    expect(dry.status).toBe(200)
    expect(dry.body.unmatched).toEqual(['不存在的网格'])
    const problems = dry.body.problems as { name: string; problem: string; blocking: boolean }[]
    expect(problems.find((p) => p.name === '建新社区第一网格')).toMatchObject({ blocking: true, problem: expect.stringContaining('自相交') })
    const overlap = problems.find((p) => p.problem.includes('重叠'))!
    expect(`${overlap.name} ${overlap.problem}`).toMatch(/建新社区第二网格.*建新社区第一网格|建新社区第一网格.*建新社区第二网格/)
    expect(overlap.blocking).toBe(false)
    expect(problems.find((p) => p.problem.includes('空隙'))).toMatchObject({ name: '建新社区', blocking: false })

    const storedBefore = await c.db.kysely.selectFrom('org_unit_boundaries').select(['org_unit_id', 'geometry']).orderBy('org_unit_id').execute()
    const commit = await c.call('POST', '/api/v1/admin/org-units/boundaries', { token: t.admin01, body: { crs: 'gcj02', collection, dryRun: false } })
    expect(commit.status).toBe(422)
    expect(commit.body.error.code).toBe('BOUNDARY_IMPORT_REFUSED')
    expect(commit.body.error.details.unmatched).toEqual(['不存在的网格'])
    expect(await c.db.kysely.selectFrom('org_unit_boundaries').select(['org_unit_id', 'geometry']).orderBy('org_unit_id').execute()).toEqual(storedBefore)
  })

  it('a hole routes to the grid that owns it (MultiPolygon), and WGS-84 input is stored converted to GCJ-02', async () => {
    const c = ctx()
    const hole = rect(121.437, 31.209, 121.438, 31.211)
    const first = await gridIdByName(c, '高安社区第一网格')
    const second = await gridIdByName(c, '高安社区第二网格')
    const put1 = await c.call('PUT', `/api/v1/admin/org-units/${first}/boundary`, {
      token: t.admin01,
      body: { crs: 'gcj02', geometry: polygon(rect(121.435, 31.205, 121.44, 31.215), [...hole].reverse()) },
    })
    expect(put1.status).toBe(200)
    const put2 = await c.call('PUT', `/api/v1/admin/org-units/${second}/boundary`, {
      token: t.admin01,
      body: { crs: 'gcj02', geometry: { type: 'MultiPolygon', coordinates: [[rect(121.435, 31.195, 121.44, 31.205)], [hole]] } },
    })
    expect(put2.status).toBe(200)
    expect((await routeLocation(c.db.kysely, 31.21, 121.4375))?.gridId).toBe(second)
    expect((await routeLocation(c.db.kysely, 31.212, 121.4375))?.gridId).toBe(first)

    // 永嘉社区第二网格 sent in WGS-84: stored as GCJ-02 (gcoord), so a phone's gcj02 point inside it routes there
    const yongjia = await gridIdByName(c, '永嘉社区第二网格')
    const wgs = polygon(rect(121.45, 31.195, 121.455, 31.205))
    const put3 = await c.call('PUT', `/api/v1/admin/org-units/${yongjia}/boundary`, { token: t.admin01, body: { crs: 'wgs84', geometry: wgs } })
    expect(put3.status).toBe(200)
    const expected = gcoord.transform(structuredClone(wgs) as never, gcoord.WGS84, gcoord.GCJ02) as unknown as { coordinates: number[][][] }
    expect(put3.body.geometry.coordinates[0][0][0]).toBeCloseTo(expected.coordinates[0][0][0], 9)
    expect(put3.body.geometry.coordinates[0][0][0]).not.toBeCloseTo(121.45, 3) // GCJ-02 is a few hundred metres off in Shanghai
    const stored = await gridBoundary(c.db.kysely, yongjia)
    expect(stored).toEqual(put3.body.geometry)
  })

  it('scope: a 片区 lead only matches units of their 片区; community staff and residents get 404', async () => {
    const c = ctx()
    const wuzhong = await gridIdByName(c, '乌中社区第一网格') // 天平第二片区
    const gaoan = await gridIdByName(c, '高安社区第一网格') // 天平第一片区 (lead01's)
    const body = { crs: 'gcj02', geometry: polygon(rect(121.445, 31.205, 121.45, 31.215)) }
    expect((await c.call('PUT', `/api/v1/admin/org-units/${wuzhong}/boundary`, { token: t.lead01, body })).status).toBe(404)
    expect((await c.call('PUT', `/api/v1/admin/org-units/${gaoan}/boundary`, { token: t.staff01, body })).status).toBe(404)
    expect((await c.call('PUT', `/api/v1/admin/org-units/${gaoan}/boundary`, { token: t['13800000001'], body })).status).toBe(404)
    const dry = await c.call('POST', '/api/v1/admin/org-units/boundaries', {
      token: t.lead01,
      body: { crs: 'gcj02', collection: fc(feature('乌中社区第一网格', body.geometry), feature('高安社区', polygon(rect(121.435, 31.195, 121.44, 31.215)))), dryRun: true },
    })
    expect(dry.status).toBe(200)
    expect(dry.body.unmatched).toEqual(['乌中社区第一网格'])
    expect(dry.body.matched.map((m: { name: string }) => m.name)).toEqual(['高安社区'])
    expect((await c.call('POST', '/api/v1/admin/org-units/boundaries', { token: t.staff01, body: { crs: 'gcj02', collection: fc(), dryRun: true } })).status).toBe(404)
    expect((await c.call('GET', '/api/v1/admin/boundaries', { token: t.staff01 })).status).toBe(404)
    const list = await c.call('GET', '/api/v1/admin/boundaries', { token: t.lead01 })
    expect(list.body.items.map((i: { name: string }) => i.name)).not.toContain('乌中社区')
    expect(list.body.items.find((i: { name: string }) => i.name === '东湖社区第一网格').source).toBe('polygon')
  })

  it('bad input: unknown crs, not GeoJSON, a self-intersecting polygon, an unclosed ring, 6 MB → clear errors, nothing written', async () => {
    const c = ctx()
    const grid = await gridIdByName(c, '建新社区第一网格')
    const before = await tableCounts(c.db)
    const put = (body: unknown) => c.call('PUT', `/api/v1/admin/org-units/${grid}/boundary`, { token: t.admin01, body })
    const square = polygon(rect(121.44, 31.205, 121.445, 31.215))
    const unknownCrs = await put({ crs: 'bd09', geometry: square })
    expect(unknownCrs.status).toBe(400)
    expect(unknownCrs.body.error.message).toContain('坐标系')
    expect((await put({ crs: 'gcj02', geometry: { type: 'Point', coordinates: [121.44, 31.2] } })).status).toBe(400)
    const open = await put({
      crs: 'gcj02',
      geometry: polygon([
        [121.44, 31.205],
        [121.445, 31.205],
        [121.445, 31.215],
        [121.44, 31.215],
      ]),
    })
    expect(open.status).toBe(400)
    expect(open.body.error.message).toContain('闭合')
    const kink = await put({
      crs: 'gcj02',
      geometry: polygon([
        [121.44, 31.205],
        [121.445, 31.215],
        [121.445, 31.205],
        [121.44, 31.215],
        [121.44, 31.205],
      ]),
    })
    expect(kink.status).toBe(422)
    expect(kink.body.error.code).toBe('BOUNDARY_INVALID')
    expect(kink.body.error.message).toContain('自相交')
    const notGeo = await c.call('POST', '/api/v1/admin/org-units/boundaries', { token: t.admin01, body: { crs: 'gcj02', collection: { hello: 'world' }, dryRun: true } })
    expect(notGeo.status).toBe(400)
    const huge = await c.call('POST', '/api/v1/admin/org-units/boundaries', {
      token: t.admin01,
      raw: JSON.stringify({ crs: 'gcj02', collection: fc(feature('x', square)), dryRun: true, pad: 'x'.repeat(6 * 1024 * 1024) }),
      headers: { 'content-type': 'application/json' },
    })
    expect(huge.status).toBe(413)
    expect(huge.body.error.code).toBe('BOUNDARY_TOO_LARGE')
    expect(await tableCounts(c.db)).toEqual(before)
  })
})
