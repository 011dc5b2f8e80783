import { describeEachDb } from '../helpers/app'
import { tableCounts } from '../helpers/db'
import { newWorkbook } from '../../cloud/platform/xlsx'
import { purgeDemo } from '../../cloud/admin/purge-demo'
import type { AppError } from '../../cloud/platform/errors'
import { jpegWithGps } from '../fixtures/reports/photos'
import { demoGridCentre } from '../../cloud/reports/reports.seed'

async function xlsx(rows: unknown[][], formulaAt?: string): Promise<Uint8Array> {
  const book = await newWorkbook()
  const sheet = book.addWorksheet('工作人员')
  for (const r of rows) sheet.addRow(r)
  if (formulaAt) sheet.getCell(formulaAt).value = { formula: 'HYPERLINK("http://x","点我")' } as never
  return new Uint8Array((await book.xlsx.writeBuffer()) as ArrayBuffer)
}

describeEachDb('admin console: scope, disabling, bad input', (ctx) => {
  const upload = async (token: string, bytes: Uint8Array, dryRun: string, name = 'staff.xlsx') => {
    const form = new FormData()
    form.set('file', new File([bytes as BlobPart], name))
    form.set('dryRun', dryRun)
    const res = await ctx().app.request('/api/v1/admin/staff/import', { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form })
    return { status: res.status, body: await res.json() }
  }
  const unitId = async (name: string) => (await ctx().db.kysely.selectFrom('org_units').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id

  it('community staff, grid workers and residents get 404 on every admin route', async () => {
    const { call, login } = ctx()
    for (const who of ['staff01', 'grid01', 'dept01', 'health01', '13800000001']) {
      const token = await login(who)
      for (const [method, path] of [
        ['GET', '/api/v1/admin/org-units'],
        ['POST', '/api/v1/admin/org-units'],
        ['GET', '/api/v1/admin/staff'],
        ['GET', '/api/v1/admin/audit'],
        ['GET', '/api/v1/admin/settings'],
        ['PUT', '/api/v1/admin/settings'],
        ['POST', '/api/v1/admin/staff/import'],
      ]) {
        const r = await call(method, path, { token, body: method === 'GET' ? undefined : {} })
        expect([who, path, r.status]).toEqual([who, path, 404])
      }
    }
  })

  it('a 片区 lead sees and builds only their 片区, and cannot grant admin roles', async () => {
    const { call, login, db } = ctx()
    const lead = await login('lead01')
    const tree = await call('GET', '/api/v1/admin/org-units', { token: lead })
    expect(tree.status).toBe(200)
    expect(tree.body.items.map((u: { name: string }) => u.name)).toEqual(['天平第一片区'])
    const before = await tableCounts(db)
    // outside the 片区 (the street, the other 片区, a department): as if it did not exist
    for (const [kind, parent] of [
      ['cluster', '天平街道'],
      ['community', '天平第二片区'],
      ['department', '天平街道'],
      ['grid', '乌中社区'],
    ]) {
      const r = await call('POST', '/api/v1/admin/org-units', { token: lead, body: { kind, name: '新单位', parentId: await unitId(parent) } })
      expect([kind, parent, r.status, r.body.error.code]).toEqual([kind, parent, 404, 'ORG_UNIT_NOT_FOUND'])
    }
    // admin roles only from a street admin; roles only at units of the right kind inside the 片区
    for (const roles of [
      [{ role: 'street_admin', orgUnitId: await unitId('天平街道') }],
      [{ role: 'cluster_lead', orgUnitId: await unitId('天平第一片区') }],
      [{ role: 'community_staff', orgUnitId: await unitId('乌中社区') }],
      [{ role: 'grid_worker', orgUnitId: await unitId('东湖社区') }],
    ]) {
      const r = await call('POST', '/api/v1/admin/staff', { token: lead, body: { name: '新人', username: 'newbie', roles } })
      expect(r.status).toBe(422)
      expect(r.body.error.code).toBe('ROLE_SCOPE_INVALID')
    }
    expect(await tableCounts(db)).toEqual(before)
    // inside: a grid and its worker
    const grid = await call('POST', '/api/v1/admin/org-units', { token: lead, body: { kind: 'grid', name: '东湖社区第三网格', parentId: await unitId('东湖社区') } })
    expect(grid.status).toBe(201)
    const w = await call('POST', '/api/v1/admin/staff', { token: lead, body: { name: '钱网格', username: 'grid_qian', roles: [{ role: 'grid_worker', orgUnitId: grid.body.id }] } })
    expect(w.status).toBe(201)
    // the lead cannot disable or reset the street admin
    const admin01 = (await db.kysely.selectFrom('users').select('id').where('username', '=', 'admin01').executeTakeFirstOrThrow()).id
    expect((await call('POST', `/api/v1/admin/staff/${admin01}/disable`, { token: lead })).status).toBe(404)
    expect((await call('POST', `/api/v1/admin/staff/${admin01}/reset-password`, { token: lead })).status).toBe(404)
    // street settings: read, not change
    expect((await call('GET', '/api/v1/admin/settings', { token: lead })).body.canEdit).toBe(false)
    expect((await call('PUT', '/api/v1/admin/settings', { token: lead, body: { checkup: { minAge: 60, cancelCutoff: '17:00' } } })).status).toBe(404)
  })

  it('disabling takes effect on the next request; a removed role stops working at the next request', async () => {
    const { call, login, db } = ctx()
    const admin = await login('admin01')
    const staffId = (await db.kysely.selectFrom('users').select('id').where('username', '=', 'staff01').executeTakeFirstOrThrow()).id
    let staff = await login('staff01')
    expect((await call('GET', '/api/v1/staff/reports', { token: staff })).status).toBe(200)
    // role taken away (community_staff at 东湖社区 → community_staff at 高安社区): 东湖's queue item is gone at once
    const moved = await call('PATCH', `/api/v1/admin/staff/${staffId}`, { token: admin, body: { roles: [{ role: 'community_staff', orgUnitId: await unitId('高安社区') }] } })
    expect(moved.status).toBe(200)
    expect(moved.body.roles).toEqual([expect.objectContaining({ role: 'community_staff', orgUnitName: '高安社区' })])
    // a role change ends the person's sessions (issue 20); signed in again, only the new role is there
    const ended = await call('GET', '/api/v1/me', { token: staff })
    expect(ended.status).toBe(401)
    staff = await login('staff01')
    const me = await call('GET', '/api/v1/me', { token: staff })
    expect(me.body.roles).toEqual([expect.objectContaining({ role: 'community_staff', orgUnitId: await unitId('高安社区') })])
    const donghuReport = (
      await db.kysely
        .selectFrom('reports')
        .select('id')
        .where('community_id', '=', await unitId('东湖社区'))
        .executeTakeFirstOrThrow()
    ).id
    expect((await call('POST', `/api/v1/reports/${donghuReport}/accept`, { token: staff })).status).toBe(404)
    // disabled: the same token answers 401 on the very next request, and the password no longer logs in
    expect((await call('POST', `/api/v1/admin/staff/${staffId}/disable`, { token: admin })).status).toBe(200)
    const next = await call('GET', '/api/v1/me', { token: staff })
    expect(next.status).toBe(401)
    expect(next.body.error.code).toBe('ACCOUNT_DISABLED')
    expect((await call('POST', '/api/v1/auth/staff/login', { body: { username: 'staff01', password: 'demo1234' } })).status).toBe(401)
    expect((await call('POST', `/api/v1/admin/staff/${staffId}/enable`, { token: admin })).status).toBe(200)
    // enabled again: the old sessions stay ended, a new login works
    expect((await call('GET', '/api/v1/me', { token: staff })).status).toBe(401)
    expect((await call('GET', '/api/v1/me', { token: await login('staff01') })).status).toBe(200)
    // an admin does not disable themself
    const adminId = (await db.kysely.selectFrom('users').select('id').where('username', '=', 'admin01').executeTakeFirstOrThrow()).id
    expect((await call('POST', `/api/v1/admin/staff/${adminId}/disable`, { token: admin })).body.error.code).toBe('CANNOT_CHANGE_SELF')
    const log = await call('GET', `/api/v1/admin/audit?subjectId=${staffId}`, { token: admin })
    expect(log.body.items.map((i: { action: string }) => i.action)).toEqual(['admin.staff_enabled', 'admin.staff_disabled', 'admin.staff_updated'])
  })

  it('bad input is refused with a clear error and writes nothing', async () => {
    const { call, login, db } = ctx()
    const admin = await login('admin01')
    const street = await unitId('天平街道')
    const before = await tableCounts(db)
    const cases: [unknown, number, string][] = [
      [{ kind: 'village', name: '新村', parentId: street }, 400, 'INVALID_INPUT'],
      [{ kind: 'grid', name: '网格', parentId: street }, 422, 'ORG_PARENT_INVALID'],
      [{ kind: 'community', name: '社区', parentId: await unitId('东湖社区') }, 422, 'ORG_PARENT_INVALID'],
      [{ kind: 'cluster', name: '长'.repeat(61), parentId: street }, 400, 'INVALID_INPUT'],
      [{ kind: 'cluster', name: '天平第一片区', parentId: street }, 409, 'ORG_NAME_TAKEN'],
      [{ kind: 'cluster', name: '片区', parentId: 'not-a-uuid' }, 400, 'INVALID_INPUT'],
    ]
    for (const [body, status, code] of cases) {
      const r = await call('POST', '/api/v1/admin/org-units', { token: admin, body })
      expect([body, r.status, r.body.error.code]).toEqual([body, status, code])
      expect(r.body.error.message).toMatch(/[\u4e00-\u9fa5]/)
    }
    // a unit with open work cannot close: 东湖社区 has open reports, bookings and staff
    const close = await call('PATCH', `/api/v1/admin/org-units/${await unitId('东湖社区')}`, { token: admin, body: { closed: true } })
    expect(close.status).toBe(409)
    expect(close.body.error.code).toBe('ORG_UNIT_HAS_OPEN_WORK')
    expect(close.body.error.details.openReports).toBeGreaterThan(0)
    // a grid moved to a community of the wrong kind of parent
    const wrongMove = await call('PATCH', `/api/v1/admin/org-units/${await unitId('东湖社区第一网格')}`, { token: admin, body: { parentId: await unitId('天平第一片区') } })
    expect(wrongMove.body.error.code).toBe('ORG_PARENT_INVALID')
    // staff: taken username, bad role for the unit
    expect(
      (await call('POST', '/api/v1/admin/staff', { token: admin, body: { name: '重名', username: 'grid01', roles: [{ role: 'grid_worker', orgUnitId: await unitId('东湖社区第二网格') }] } })).body
        .error.code,
    ).toBe('USERNAME_TAKEN')
    expect((await call('POST', '/api/v1/admin/staff', { token: admin, body: { name: '新人', username: 'Bad Name', roles: [] } })).status).toBe(400)
    // xlsx that is not an xlsx, and one with a formula cell
    expect((await upload(admin, new TextEncoder().encode('姓名,用户名\n张三,zhang'), 'false', 'staff.xlsx')).body.error.code).toBe('XLSX_INVALID')
    const withFormula = await upload(
      admin,
      await xlsx(
        [
          ['姓名', '用户名', '手机', '角色', '单位'],
          ['张三', 'zhangsan', '', '网格员', '东湖社区第二网格'],
        ],
        'A2',
      ),
      'false',
    )
    expect(withFormula.status).toBe(422)
    expect(withFormula.body.error.code).toBe('XLSX_FORMULA')
    expect(await tableCounts(db)).toEqual(before)
  })

  it('staff import: a dry run per row, refusals in Chinese, then all or nothing', async () => {
    const { call, login, db } = ctx()
    const admin = await login('admin01')
    const rows = [
      ['姓名', '用户名', '手机', '角色', '单位'],
      ['孙一', 'sun_yi', '13911110001', '网格员', '高安社区第一网格'],
      ['孙一', 'sun_yi', '13911110001', '社区工作人员', '高安社区'],
      ['钱二', 'qian_er', '', 'community_staff', '建新社区'],
      ['赵三', 'grid01', '', '网格员', '高安社区第二网格'],
      ['李四', 'li_si', '', '校长', '高安社区'],
      ['周五', 'zhou_wu', '', '网格员', '不存在社区'],
    ]
    const before = await tableCounts(db)
    const dry = await upload(admin, await xlsx(rows), 'true')
    expect(dry.status).toBe(200)
    expect(dry.body.dryRun).toBe(true)
    expect(dry.body.created.map((c: { username: string }) => c.username)).toEqual(['sun_yi', 'qian_er'])
    expect(dry.body.refused).toEqual([
      { row: 5, reason: '用户名 grid01 已被使用' },
      { row: 6, reason: '不认识的角色「校长」' },
      { row: 7, reason: '在您的管理范围内找不到单位「不存在社区」' },
    ])
    // commit with refusals: nothing written
    const refused = await upload(admin, await xlsx(rows), 'false')
    expect(refused.body.dryRun).toBe(true)
    expect(await tableCounts(db)).toEqual(before)
    const good = await upload(admin, await xlsx(rows.slice(0, 4)), 'false')
    expect(good.body.dryRun).toBe(false)
    expect(good.body.created).toHaveLength(2)
    const sun = good.body.created[0]
    expect(sun.roles).toHaveLength(2)
    const login1 = await call('POST', '/api/v1/auth/staff/login', { body: { username: 'sun_yi', password: sun.oneTimePassword } })
    expect(login1.body.mustChangePassword).toBe(true)
  })

  it('settings: street admin changes categories and checkup defaults (audited); the audit exports as xlsx with cells escaped', async () => {
    const { call, login, app } = ctx()
    const admin = await login('admin01')
    const s = await call('GET', '/api/v1/admin/settings', { token: admin })
    expect(s.status).toBe(200)
    expect(s.body.categories).toHaveLength(10)
    expect(s.body.pointsDefaultRules.map((r: { kind: string }) => r.kind)).toContain('valid_report')
    const cats = s.body.categories.map((c: { category: string }) => (c.category === 'noise' ? { ...c, enabled: false, limitMinutes: 120, name: '=噪音' } : c))
    const saved = await call('PUT', '/api/v1/admin/settings', { token: admin, body: { categories: cats, checkup: { minAge: 60, cancelCutoff: '17:00' } } })
    expect(saved.status).toBe(200)
    expect(saved.body.categories.find((c: { category: string }) => c.category === 'noise')).toMatchObject({ enabled: false, limitMinutes: 120 })
    expect(saved.body.checkup).toEqual({ minAge: 60, cancelCutoff: '17:00' })
    const bad = await call('PUT', '/api/v1/admin/settings', { token: admin, body: { checkup: { minAge: 60, cancelCutoff: '25:00' } } })
    expect(bad.status).toBe(400)
    // new work reads the settings: a 噪音扰民 report is refused now, a new campaign starts at 60
    const resident = await login('13800000001')
    const form = new FormData()
    form.append('file', new Blob([new Uint8Array(await jpegWithGps({ seed: 4242 }))], { type: 'image/jpeg' }), 'p.jpg')
    const up = await app.request('/api/v1/uploads', { method: 'POST', headers: { authorization: `Bearer ${resident}` }, body: form })
    const { key } = (await up.json()) as { key: string }
    const at = demoGridCentre('东湖社区', '第一网格')
    const noise = await call('POST', '/api/v1/reports', {
      token: resident,
      body: { category: 'noise', description: '晚上十点后楼下很吵', lat: at.lat, lng: at.lng, photoKeys: [key], anonymous: true },
    })
    expect(noise.status).toBe(422)
    expect(noise.body.error.code).toBe('CATEGORY_DISABLED')
    const gaoan = (await ctx().db.kysely.selectFrom('org_units').select('id').where('name', '=', '高安社区').executeTakeFirstOrThrow()).id
    const campaign = await call('POST', '/api/v1/staff/checkups/campaigns', {
      token: await login('health01'),
      body: { communityId: gaoan, year: 2027, title: '2027年老年人免费体检', releaseAt: '2026-12-01T00:00:00Z' },
    })
    expect(campaign.status).toBe(201)
    expect(campaign.body).toMatchObject({ minAge: 60, cancelCutoff: '17:00' })
    const res = await app.request('/api/v1/admin/audit/export?action=settings', { headers: { authorization: `Bearer ${admin}` } })
    expect(res.status).toBe(200)
    const book = await newWorkbook()
    await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as never)
    const sheet = book.worksheets[0]
    expect(sheet.getRow(2).getCell(3).text).toBe('修改设置')
    // the "=噪音" inside the details is text, and every cell is plain text (no formula)
    sheet.eachRow((row) => row.eachCell((cell) => expect(cell.formula).toBeFalsy()))
  })

  it('purge-demo on this demo street refuses because of real ties (staff created above), not its ledger history, and writes nothing', async () => {
    const { db, clock } = ctx()
    const before = await tableCounts(db)
    const refused = await purgeDemo(db.kysely, clock.now(), { dryRun: false }).catch((e: AppError) => e)
    expect(refused).toMatchObject({ code: 'RULE_REFUSED', message: expect.stringContaining('同时涉及真实用户') })
    // the demo ledger history is listed among what would go, and is no reason to refuse
    expect((refused as AppError).message).toContain('points_journals')
    expect((refused as AppError).message).not.toMatch(/积分流水|时间银行流水|账本只能追加/)
    expect(await tableCounts(db)).toEqual(before)
  })
})
