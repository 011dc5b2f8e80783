import { describeEachDb, TEST_NOW, type TestContext } from '../helpers/app'
import { jpegWithGps } from '../fixtures/reports/photos'
import { demoGridCentre } from '../../cloud/reports/reports.seed'

const DONGHU_1 = demoGridCentre('东湖社区', '第一网格')
/** About 560 m south of DONGHU_1: outside the standard 250 m, inside a 1,000 m duplicate radius. */
const FAR = { lat: DONGHU_1.lat - 0.005, lng: DONGHU_1.lng }

let seed = 9100
async function submit(c: TestContext, token: string, category: string, at = DONGHU_1) {
  const form = new FormData()
  form.append('file', new Blob([new Uint8Array(await jpegWithGps({ seed: seed++ }))], { type: 'image/jpeg' }), 'p.jpg')
  const up = await c.app.request('/api/v1/uploads', { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form })
  const { key } = (await up.json()) as { key: string }
  const r = await c.call('POST', '/api/v1/reports', { token, body: { category, description: '这里有个问题需要处理一下', lat: at.lat, lng: at.lng, photoKeys: [key], anonymous: true } })
  expect(r.status).toBe(201)
  return r.body.id as string
}

describeEachDb('随手拍 settings used by new reports', (ctx) => {
  it('handler level, duplicate radius and display name apply to new reports only', async () => {
    const c = ctx()
    c.clock.set(TEST_NOW)
    const k = c.db.kysely
    const [admin, resident, dept, grid] = [await c.login('admin01'), await c.login('13800000001'), await c.login('dept01'), await c.login('grid01')]
    const userId = async (username: string) => (await k.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id
    const chengguan = (await k.selectFrom('org_units').select('id').where('name', '=', '城管中队').executeTakeFirstOrThrow()).id
    const noticesFor = async (username: string, reportId: string) =>
      (
        await k
          .selectFrom('notices')
          .select('kind')
          .where('user_id', '=', await userId(username))
          .where('link', 'like', `%${reportId}`)
          .execute()
      ).map((n) => n.kind)

    // before: the standard handling
    const oldVending = await submit(c, resident, 'street_vending')
    const oldGreen = await submit(c, resident, 'greenery')
    const nearFar = async () => (await c.call('GET', `/api/v1/reports/nearby?lat=${FAR.lat}&lng=${FAR.lng}&category=greenery`, { token: resident })).body.items.map((i: { id: string }) => i.id)
    expect(await nearFar()).not.toContain(oldGreen)
    const catsBefore = await c.call('GET', '/api/v1/reports/categories')
    expect(catsBefore.body.items.find((i: { code: string }) => i.code === 'greenery').name).toBe('园林绿化')

    const s = await c.call('GET', '/api/v1/admin/settings', { token: admin })
    const categories = s.body.categories.map((x: { category: string }) =>
      x.category === 'street_vending'
        ? { ...x, handlerLevel: 'department', departmentId: chengguan }
        : x.category === 'traffic'
          ? { ...x, handlerLevel: 'community' }
          : x.category === 'greenery'
            ? { ...x, name: '绿化养护', duplicateRadiusM: 1000 }
            : x,
    )
    expect((await c.call('PUT', '/api/v1/admin/settings', { token: admin, body: { categories } })).status).toBe(200)

    // department: the new report is sent to 城管中队 at once (as if the community dispatched it)
    const vending = await submit(c, resident, 'street_vending')
    const v = await k.selectFrom('reports').select(['status', 'level', 'department_id', 'dispatched_from']).where('id', '=', vending).executeTakeFirstOrThrow()
    expect(v).toEqual({ status: 'dispatched', level: 'community', department_id: chengguan, dispatched_from: 'community' })
    const deptQueue = (await c.call('GET', '/api/v1/staff/reports', { token: dept })).body.items.map((i: { id: string }) => i.id)
    expect(deptQueue).toContain(vending)
    expect(deptQueue).not.toContain(oldVending)
    expect(await noticesFor('dept01', vending)).toEqual(['report.dispatched'])
    expect(await noticesFor('grid01', vending)).toEqual([])
    // the department can start it, and "不归我们" sends it back to the community
    expect((await c.call('POST', `/api/v1/reports/${vending}/reassign`, { token: dept, body: { reason: '这是物业的事' } })).status).toBe(200)
    expect((await k.selectFrom('reports').select('status').where('id', '=', vending).executeTakeFirstOrThrow()).status).toBe('accepted')

    // community: the community staff are told, not the grid worker
    const traffic = await submit(c, resident, 'traffic')
    expect(await k.selectFrom('reports').select(['status', 'level']).where('id', '=', traffic).executeTakeFirstOrThrow()).toEqual({ status: 'submitted', level: 'community' })
    expect(await noticesFor('staff01', traffic)).toEqual(['report.new'])
    expect(await noticesFor('grid01', traffic)).toEqual([])
    // grid still means the grid worker
    const sanitation = await submit(c, resident, 'sanitation')
    expect(await noticesFor('grid01', sanitation)).toEqual(['report.new'])
    expect((await c.call('GET', '/api/v1/staff/reports', { token: grid })).body.items.map((i: { id: string }) => i.id)).toContain(sanitation)

    // old reports keep what they started with
    expect(await k.selectFrom('reports').select(['status', 'level', 'department_id']).where('id', '=', oldVending).executeTakeFirstOrThrow()).toEqual({
      status: 'submitted',
      level: 'grid',
      department_id: null,
    })

    // the duplicate radius: 1,000 m for 园林绿化 now finds the report 560 m away; others keep 250 m
    expect(await nearFar()).toContain(oldGreen)
    const otherFar = (await c.call('GET', `/api/v1/reports/nearby?lat=${FAR.lat}&lng=${FAR.lng}&category=sanitation`, { token: resident })).body.items.map((i: { id: string }) => i.id)
    expect(otherFar).not.toContain(sanitation)

    // the display name the resident picks from
    const cats = await c.call('GET', '/api/v1/reports/categories')
    expect(cats.body.items.find((i: { code: string }) => i.code === 'greenery')).toMatchObject({ name: '绿化养护', icon: '🌳' })
    expect(cats.body.items).toHaveLength(10)
  })

  it('a category turned off is not offered', async () => {
    const c = ctx()
    const admin = await c.login('admin01')
    const s = await c.call('GET', '/api/v1/admin/settings', { token: admin })
    const categories = s.body.categories.map((x: { category: string }) => (x.category === 'noise' ? { ...x, enabled: false } : x))
    expect((await c.call('PUT', '/api/v1/admin/settings', { token: admin, body: { categories } })).status).toBe(200)
    const cats = await c.call('GET', '/api/v1/reports/categories')
    expect(cats.body.items.map((i: { code: string }) => i.code)).not.toContain('noise')
    expect(cats.body.items).toHaveLength(9)
  })

  it('a category icon is chosen from the fixed set, shown to residents and audited', async () => {
    const c = ctx()
    const admin = await c.login('admin01')
    const s = await c.call('GET', '/api/v1/admin/settings', { token: admin })
    expect(s.body.categories.find((x: { category: string }) => x.category === 'municipal').icon).toBe('🚧')
    const withIcon = (icon: string) => s.body.categories.map((x: { category: string }) => (x.category === 'municipal' ? { ...x, icon } : x))
    // not in the set: refused, nothing written
    const bad = await c.call('PUT', '/api/v1/admin/settings', { token: admin, body: { categories: withIcon('<img>') } })
    expect(bad.status).toBe(400)
    expect(bad.body.error.code).toBe('INVALID_INPUT')
    expect((await c.call('GET', '/api/v1/reports/categories')).body.items.find((i: { code: string }) => i.code === 'municipal').icon).toBe('🚧')
    const ok = await c.call('PUT', '/api/v1/admin/settings', { token: admin, body: { categories: withIcon('💡') } })
    expect(ok.status).toBe(200)
    expect(ok.body.categories.find((x: { category: string }) => x.category === 'municipal').icon).toBe('💡')
    expect((await c.call('GET', '/api/v1/reports/categories')).body.items.find((i: { code: string }) => i.code === 'municipal').icon).toBe('💡')
    // (the clock is fixed: read every settings row and find this change)
    type Cats = { categories?: { category: string; icon: string }[] }
    const rows = await c.db.kysely.selectFrom('audit_log').select('details').where('action', '=', 'admin.settings_saved').execute()
    const changes = rows
      .map((r) => (typeof r.details === 'string' ? JSON.parse(r.details) : r.details) as { before: Cats; after: Cats })
      .map((d) => [d.before.categories?.find((x) => x.category === 'municipal')?.icon, d.after.categories?.find((x) => x.category === 'municipal')?.icon])
    expect(changes).toContainEqual(['🚧', '💡'])
  })
})
