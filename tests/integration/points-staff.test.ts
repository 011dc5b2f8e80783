import { describeEachDb, type TestContext } from '../helpers/app'
import { tableCounts } from '../helpers/db'
import { communityId, ledgerProblems, makeResidents } from './points-helpers'

/** Staff pages' APIs: find a resident, adjust with a reason, the adjust journal, the month's ledger and its xlsx. */
async function xlsxRows(c: TestContext, path: string, token: string, sheet: string): Promise<unknown[][]> {
  const res = await c.app.request(path, { headers: { authorization: `Bearer ${token}` } })
  expect(res.status).toBe(200)
  expect(res.headers.get('content-disposition')).toContain('.xlsx')
  const bytes = Buffer.from(await res.arrayBuffer())
  expect(bytes.subarray(0, 2).toString()).toBe('PK')
  const ExcelJS = (await import('exceljs')).default
  const book = new ExcelJS.Workbook()
  await book.xlsx.load(bytes as unknown as ArrayBuffer)
  return book
    .getWorksheet(sheet)!
    .getSheetValues()
    .filter(Boolean)
    .map((r) => (r as unknown[]).slice(1))
}

describeEachDb('积分制: staff adjustments and the ledger report', (ctx) => {
  it('staff find a resident by name or phone digits, in their own community only', async () => {
    const c = ctx()
    const staff = await c.login('staff01')
    const byName = await c.call('GET', '/api/v1/staff/points/residents?q=王芳', { token: staff })
    expect(byName.status).toBe(200)
    expect(byName.body.items).toEqual([expect.objectContaining({ name: '王芳', phone: '138****0001' })])
    expect(byName.body.items[0].available).toBeGreaterThan(0)
    const byPhone = await c.call('GET', '/api/v1/staff/points/residents?q=0000002', { token: staff })
    expect(byPhone.body.items.map((r: { name: string }) => r.name)).toEqual(['李强'])
    // 100% matches nothing: LIKE wildcards typed by staff are taken literally
    expect((await c.call('GET', '/api/v1/staff/points/residents?q=%25', { token: staff })).body.items).toEqual([])
    expect((await c.call('GET', '/api/v1/staff/points/residents?q=', { token: staff })).status).toBe(400)
    // a resident is not staff
    expect((await c.call('GET', '/api/v1/staff/points/residents?q=王', { token: await c.login('13800000001') })).status).toBe(403)
  })

  it('adjustments need a reason and show in the adjust journal, newest first, with who made them', async () => {
    const c = ctx()
    const staff = await c.login('staff01')
    const donghu = await communityId(c)
    const [a, b] = await makeResidents(c, 2, donghu)
    const counts = await tableCounts(c.db)
    const noReason = await c.call('POST', '/api/v1/staff/points/adjustments', { token: staff, body: { userId: a.id, points: 5, reason: ' ' } })
    expect(noReason.status).toBe(400)
    expect(await tableCounts(c.db)).toEqual(counts)
    const first = await c.call('POST', '/api/v1/staff/points/adjustments', { token: staff, body: { userId: a.id, points: 12, reason: '补录重阳节活动积分' } })
    expect(first.status).toBe(201)
    const second = await c.call('POST', '/api/v1/staff/points/adjustments', { token: staff, body: { userId: a.id, points: -4, reason: '重复发放扣回' } })
    expect(second.status).toBe(201)
    await c.call('POST', '/api/v1/staff/points/adjustments', { token: staff, body: { userId: b.id, points: 3, reason: '帮助邻居搬家' } })
    const list = await c.call('GET', '/api/v1/staff/points/adjustments?limit=2', { token: staff })
    expect(list.status).toBe(200)
    expect(list.body.items).toEqual([
      expect.objectContaining({ userId: b.id, points: 3, reason: '帮助邻居搬家' }),
      expect.objectContaining({ userId: a.id, points: -4, reason: '重复发放扣回', journalId: second.body.journalId }),
    ])
    expect(list.body.items[0].actorName).toBeTruthy()
    const next = await c.call('GET', `/api/v1/staff/points/adjustments?limit=2&cursor=${list.body.nextCursor}`, { token: staff })
    expect(next.body.items[0]).toMatchObject({ userId: a.id, points: 12 })
    const found = await c.call('GET', `/api/v1/staff/points/residents?q=${encodeURIComponent('测试居民0')}`, { token: staff })
    expect(found.body.items.find((r: { userId: string }) => r.userId === a.id)).toMatchObject({ available: 8 })
    expect(await ledgerProblems(c)).toEqual([])
  })

  it('the ledger report for a month adds up by kind, and the xlsx has the summary and every journal', async () => {
    const c = ctx()
    const staff = await c.login('staff01')
    const donghu = await communityId(c)
    const [a] = await makeResidents(c, 1, donghu)
    const month = c.clock.now().toISOString().slice(0, 7)
    const before = (await c.call('GET', `/api/v1/staff/points/ledger?month=${month}`, { token: staff })).body
    expect(before.communityName).toBe('东湖社区')
    await c.call('POST', '/api/v1/staff/points/adjustments', { token: staff, body: { userId: a.id, points: 30, reason: '年度优秀志愿者奖励' } })
    const report = await c.call('GET', `/api/v1/staff/points/ledger?month=${month}`, { token: staff })
    expect(report.status).toBe(200)
    const adjust = (r: { byKind: { kind: string; journals: number; residentNet: number }[] }) => r.byKind.find((k) => k.kind === 'adjust')!
    expect(adjust(report.body).journals).toBe(adjust(before).journals + 1)
    expect(adjust(report.body).residentNet).toBe(adjust(before).residentNet + 30)
    expect(report.body.residentNet).toBe(before.residentNet + 30)
    expect(report.body.outstandingAvailable).toBe(before.outstandingAvailable + 30)
    expect(report.body.journals).toBe(report.body.byKind.reduce((s: number, k: { journals: number }) => s + k.journals, 0))
    // an empty month is all zeros, not an error
    const empty = await c.call('GET', '/api/v1/staff/points/ledger?month=2020-01', { token: staff })
    expect(empty.body).toMatchObject({ journals: 0, residentNet: 0 })
    expect((await c.call('GET', '/api/v1/staff/points/ledger?month=2026-13', { token: staff })).status).toBe(400)

    const summary = await xlsxRows(c, `/api/v1/staff/points/ledger.xlsx?month=${month}`, staff, '汇总')
    expect(summary[0]).toEqual(['类型', '笔数', '涉及积分', '居民积分净变化'])
    expect(summary.find((r) => r[0] === '人工调整')![1]).toBe(adjust(report.body).journals)
    const detail = await xlsxRows(c, `/api/v1/staff/points/ledger.xlsx?month=${month}`, staff, '明细')
    expect(detail.length - 1).toBe(report.body.journals)
    expect(detail.find((r) => r[7] === '年度优秀志愿者奖励')).toEqual(expect.arrayContaining(['人工调整', '测试居民0', 30]))
    // residents and other communities' staff get nothing
    const resident = await c.app.request(`/api/v1/staff/points/ledger.xlsx?month=${month}`, { headers: { authorization: `Bearer ${await c.login('13800000001')}` } })
    expect(resident.status).toBe(403)
    const other = (await c.db.kysely.selectFrom('org_units').select('id').where('kind', '=', 'community').where('id', '<>', donghu).executeTakeFirstOrThrow()).id
    expect((await c.call('GET', `/api/v1/staff/points/ledger?communityId=${other}`, { token: staff })).status).toBe(404)
  })
})
