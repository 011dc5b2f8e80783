import ExcelJS from 'exceljs'
import { describeEachDb } from '../helpers/app'
import { tick } from '../../cloud/app'
import { refreshDashboard } from '../../cloud/dashboard/refresh-dashboard'
import { buildFixture, FIXTURE_EXPECTED, type Fixture } from './dashboard-fixture'

const NOV = 'from=2026-11-01&to=2026-11-30'

async function sheetRows(bytes: ArrayBuffer | Buffer, name: string): Promise<unknown[][]> {
  const book = new ExcelJS.Workbook()
  await book.xlsx.load(bytes as ArrayBuffer)
  const sheet = book.getWorksheet(name)
  if (!sheet) throw new Error(`no sheet ${name}`)
  const rows: unknown[][] = []
  sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)))
  return rows
}

describeEachDb('报表通 dashboard, lists and monthly reports', (ctx) => {
  let fixture: Fixture
  let admin: string
  beforeAll(async () => {
    fixture = await buildFixture(ctx().db.kysely)
    admin = await ctx().login('admin01')
  })

  const dashboard = (token: string, unit: string, period = NOV) => ctx().call('GET', `/api/v1/staff/dashboard?orgUnitId=${unit}&${period}`, { token })

  test('every figure equals the hand count, live and after the days are materialised', async () => {
    const live = await dashboard(admin, fixture.communityId)
    expect(live.status).toBe(200)
    expect(live.body).toMatchObject({ orgUnitId: fixture.communityId, from: '2026-11-01', to: '2026-11-30', ...FIXTURE_EXPECTED })

    // tick materialises every finished day (up to 26 Nov); 27 Nov is still counted live
    expect(await refreshDashboard(ctx().db.kysely, ctx().clock.now())).toBeGreaterThan(0)
    const stored = await dashboard(admin, fixture.communityId)
    expect(stored.body.materialisedThrough).toBe('2026-11-26')
    expect(stored.body).toMatchObject(FIXTURE_EXPECTED)
    // the trend adds up to the totals
    const trend = stored.body.trend as { received: number; resolved: number }[]
    expect(trend.reduce((n, d) => n + d.received, 0)).toBe(FIXTURE_EXPECTED.reports.received)
    expect(trend.reduce((n, d) => n + d.resolved, 0)).toBe(FIXTURE_EXPECTED.reports.resolved)
    // October, the period before: R5 came in, nothing else happened; P1 earned 20
    expect(stored.body.previous).toMatchObject({ from: '2026-10-01', to: '2026-10-31', reports: { received: 1, accepted: 0, resolved: 0 }, points: { earned: 20, spent: 0 } })
    expect(stored.body.byCategory[0]).toEqual({ category: 'sanitation', name: '环境卫生', count: 4 })
    expect(stored.body.overdueByGrid).toEqual([{ orgUnitId: fixture.gridId, name: '测试一网格', count: 1 }])
    expect(stored.body.hotspots).toHaveLength(1)
    expect(stored.body.hotspots[0]).toMatchObject({ category: 'sanitation', count: 4 })
    expect([...stored.body.hotspots[0].reportIds].sort()).toEqual(['R1', 'R4', 'R6', 'R7'].map((k) => fixture.reportIds[k]).sort())
  })

  test('a street sums its communities; one week compares with the week before', async () => {
    const street = (await ctx().db.kysely.selectFrom('org_units').select('id').where('kind', '=', 'street').executeTakeFirstOrThrow()).id
    const whole = await dashboard(admin, street)
    expect(whole.status).toBe(200)
    expect(whole.body.reports.received).toBeGreaterThanOrEqual(FIXTURE_EXPECTED.reports.received)
    const week = await dashboard(admin, fixture.communityId, 'from=2026-11-02&to=2026-11-08')
    expect(week.body.previous).toMatchObject({ from: '2026-10-26', to: '2026-11-01' })
    expect(week.body.reports).toMatchObject({ received: 2, accepted: 2, resolved: 3, resolvedOnTime: 1, reopened: 1 })
  })

  test('drill-down lists exactly the rows a figure counted', async () => {
    const drill = async (figure: string) => {
      const res = await ctx().call('GET', `/api/v1/staff/dashboard/reports?orgUnitId=${fixture.communityId}&${NOV}&figure=${figure}`, { token: admin })
      expect(res.status).toBe(200)
      return (res.body.items as { id: string }[]).map((r) => r.id)
    }
    expect(await drill('overdueNow')).toEqual([fixture.reportIds.R3])
    expect(await drill('resolved')).toHaveLength(FIXTURE_EXPECTED.reports.resolved)
    expect((await drill('resolvedOnTime')).sort()).toEqual([fixture.reportIds.R1, fixture.reportIds.R5].sort())
    expect(await drill('received')).toHaveLength(FIXTURE_EXPECTED.reports.received)
    expect(await drill('reopened')).toEqual([fixture.reportIds.R2])
    // paging: one at a time walks all six without repeats
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const res: { body: { items: { id: string }[]; nextCursor: string | null } } = await ctx().call(
        'GET',
        `/api/v1/staff/dashboard/reports?orgUnitId=${fixture.communityId}&${NOV}&figure=received&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
        { token: admin },
      )
      seen.push(...res.body.items.map((r) => r.id))
      cursor = res.body.nextCursor
    } while (cursor)
    expect(new Set(seen).size).toBe(6)
  })

  test('scope: another community, a grid, a stranger and bad dates', async () => {
    const staff01 = await ctx().login('staff01')
    expect((await dashboard(staff01, fixture.communityId)).status).toBe(404)
    expect((await dashboard(admin, fixture.gridId)).status).toBe(404)
    expect((await dashboard(admin, '00000000-0000-7000-8000-000000000000')).status).toBe(404)
    const resident = await ctx().login('13800000001')
    expect((await dashboard(resident, fixture.communityId)).status).toBe(404)
    const bad = await dashboard(admin, fixture.communityId, 'from=2026-11-30&to=2026-11-01')
    expect(bad.status).toBe(400)
    expect(bad.body.error.code).toBe('INVALID_INPUT')
    expect((await dashboard(admin, fixture.communityId, 'from=2026-13-01&to=2026-11-01')).status).toBe(400)
  })

  test('the call list: eligible elders without a booking, calls recorded, exported', async () => {
    const list = async (extra = '') => ctx().call('GET', `/api/v1/staff/lists/unbooked-elders?campaignId=${fixture.campaignId}${extra}`, { token: admin })
    const first = await list()
    expect(first.status).toBe(200)
    expect(first.body.items.map((e: { elderId: string }) => e.elderId)).toEqual(fixture.unbooked)
    const mark = await ctx().call('POST', `/api/v1/staff/lists/unbooked-elders/${fixture.unbooked[1]}/calls`, {
      token: admin,
      body: { campaignId: fixture.campaignId, outcome: 'unreachable', note: '=HYPERLINK("x")' },
    })
    expect(mark.status).toBe(201)
    const after = await list()
    expect(after.body.items[1].lastCall).toMatchObject({ outcome: 'unreachable', by: expect.any(String) })
    expect((await list('&outcome=none')).body.items).toHaveLength(2)
    expect((await list('&outcome=unreachable')).body.items).toHaveLength(1)
    // a booked elder is not on the list: nothing to mark
    const booked = await ctx().db.kysely.selectFrom('users').select('id').where('name', '=', '老人甲').executeTakeFirstOrThrow()
    expect((await ctx().call('POST', `/api/v1/staff/lists/unbooked-elders/${booked.id}/calls`, { token: admin, body: { campaignId: fixture.campaignId, outcome: 'declined' } })).status).toBe(404)
    expect((await ctx().call('POST', `/api/v1/staff/lists/unbooked-elders/${fixture.unbooked[0]}/calls`, { token: admin, body: { campaignId: fixture.campaignId, outcome: 'maybe' } })).status).toBe(
      400,
    )
    const staff01 = await ctx().login('staff01')
    expect((await ctx().call('GET', `/api/v1/staff/lists/unbooked-elders?campaignId=${fixture.campaignId}`, { token: staff01 })).status).toBe(404)

    const res = await ctx().app.request(`/api/v1/staff/lists/unbooked-elders.xlsx?campaignId=${fixture.campaignId}`, { headers: { authorization: `Bearer ${admin}` } })
    expect(res.status).toBe(200)
    const rows = await sheetRows(await res.arrayBuffer(), '未预约老人')
    expect(rows.slice(1).map((r) => r[0])).toEqual(['服务老人', '老人乙', '老人丙'])
    // the note a staff member typed cannot run as a formula in Excel
    expect(String(rows[2][7])).not.toMatch(/^=/)
  })

  test('monthly report: generated on the 1st, listed, downloaded, the same on regeneration', async () => {
    const c = ctx()
    await tick(c.deps) // during November: November's report is scheduled for 1 Dec 01:00
    expect((await c.call('GET', `/api/v1/staff/monthly-reports?orgUnitId=${fixture.communityId}`, { token: admin })).body.items).toEqual([])
    c.clock.set('2026-11-30T17:30:00Z') // 1 Dec 01:30 in Shanghai
    await tick(c.deps)
    const listed = await c.call('GET', `/api/v1/staff/monthly-reports?orgUnitId=${fixture.communityId}`, { token: admin })
    expect(listed.status).toBe(200)
    expect(listed.body.items).toHaveLength(1)
    expect(listed.body.items[0]).toMatchObject({
      month: '2026-11',
      figures: { reports: { received: 6, resolved: 4, resolvedOnTime: 2 }, points: { earned: 15, spent: 8 }, timebank: { minutesServed: 150 } },
    })
    const file = await c.app.request(`/api/v1/staff/monthly-reports/2026-11.xlsx?orgUnitId=${fixture.communityId}`, { headers: { authorization: `Bearer ${admin}` } })
    expect(file.status).toBe(200)
    const bytes = await file.arrayBuffer()
    const summary = await sheetRows(bytes, '汇总')
    const valueOf = (name: string) => summary.find((r) => r[0] === name)?.[1]
    // the xlsx and the dashboard agree, figure by figure
    expect(valueOf('收到')).toBe(FIXTURE_EXPECTED.reports.received)
    expect(valueOf('按时办结')).toBe(FIXTURE_EXPECTED.reports.resolvedOnTime)
    expect(valueOf('受理用时中位数')).toBe(FIXTURE_EXPECTED.reports.medianHoursToAccept)
    expect(valueOf('满意度')).toBe(FIXTURE_EXPECTED.reports.avgRating)
    expect(valueOf('积分发放')).toBe(FIXTURE_EXPECTED.points.earned)
    expect(valueOf('服务时长')).toBe(FIXTURE_EXPECTED.timebank.minutesServed)
    expect(valueOf('应检老人')).toBe(FIXTURE_EXPECTED.checkups.eligible)
    // the street admin was told once
    const notices = await c.db.kysely
      .selectFrom('notices')
      .innerJoin('users', 'users.id', 'notices.user_id')
      .select('notices.title')
      .where('users.username', '=', 'admin01')
      .where('notices.kind', '=', 'dashboard.monthly')
      .execute()
    expect(notices.length).toBeGreaterThan(0)

    // December work does not change November; regenerating gives the same figures and no new notice
    c.clock.set('2026-12-02T02:00:00Z')
    const again = await c.call('POST', `/api/v1/staff/monthly-reports/2026-11/generate?orgUnitId=${fixture.communityId}`, { token: admin })
    expect(again.status).toBe(201)
    expect(again.body.figures).toEqual(listed.body.items[0].figures)
    const noticesAfter = await c.db.kysely
      .selectFrom('notices')
      .innerJoin('users', 'users.id', 'notices.user_id')
      .select('notices.id')
      .where('users.username', '=', 'admin01')
      .where('notices.kind', '=', 'dashboard.monthly')
      .execute()
    expect(noticesAfter.length).toBe(notices.length)
    expect((await c.call('POST', `/api/v1/staff/monthly-reports/2026-12/generate?orgUnitId=${fixture.communityId}`, { token: admin })).status).toBe(400)
    c.clock.set('2026-11-27T04:00:00Z')
  })

  test('charts render as SVG images', async () => {
    const res = await ctx().call('GET', `/api/v1/staff/dashboard/charts?orgUnitId=${fixture.communityId}&${NOV}`, { token: admin })
    expect(res.status).toBe(200)
    for (const key of ['trend', 'categories', 'overdue']) {
      expect(res.body[key]).toMatch(/^data:image\/svg\+xml;base64,/)
      const svg = Buffer.from(res.body[key].split(',')[1], 'base64').toString()
      expect(svg).toContain('<svg')
    }
    const svg = Buffer.from(res.body.categories.split(',')[1], 'base64').toString()
    expect(svg).toContain('环境卫生')
  })
})
