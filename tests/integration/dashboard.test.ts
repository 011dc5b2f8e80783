import ExcelJS from 'exceljs'
import { describeEachDb } from '../helpers/app'
import { tick } from '../../cloud/app'
import { refreshDashboard } from '../../cloud/dashboard/refresh-dashboard'
import { buildFixture, FIXTURE_EXPECTED, FIXTURE_LISTS, type Fixture } from './dashboard-fixture'

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

  const list = (token: string, name: string, unit: string, extra = '') => ctx().call('GET', `/api/v1/staff/lists/${name}?orgUnitId=${unit}${extra}`, { token })
  const names = (res: { body: { items: { name: string }[] } }) => res.body.items.map((i) => i.name)
  const mark = (token: string, name: string, subjectId: string, body: Record<string, unknown>) => ctx().call('POST', `/api/v1/staff/lists/${name}/${subjectId}/marks`, { token, body })
  const userId = async (name: string) => (await ctx().db.kysely.selectFrom('users').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id
  const marks = async () =>
    Number(
      (
        await ctx()
          .db.kysely.selectFrom('work_list_marks')
          .select((e) => e.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )

  test('work lists: each list rows equal the hand count; paging walks them in order', async () => {
    for (const days of [30, 14, 5]) {
      const res = await list(admin, 'isolated-elders', fixture.communityId, `&days=${days}`)
      expect(res.status).toBe(200)
      expect(names(res)).toEqual(FIXTURE_LISTS.isolatedElders[days])
    }
    const five = await list(admin, 'isolated-elders', fixture.communityId, '&days=5')
    expect(five.body.items[2]).toMatchObject({ name: '老人甲', livesAlone: true, bedBound: false, lastContact: { kind: 'booking' } })
    expect(five.body.items[3]).toMatchObject({ name: '老人戊', bedBound: true, lastContact: { kind: 'visit' } })
    expect(five.body.items[0].lastContact).toBeNull()
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const res: { body: { items: { name: string }[]; nextCursor: string | null } } = await list(admin, 'isolated-elders', fixture.communityId, `&days=5&limit=1${cursor ? `&cursor=${cursor}` : ''}`)
      seen.push(...names(res))
      cursor = res.body.nextCursor
    } while (cursor)
    expect(seen).toEqual(FIXTURE_LISTS.isolatedElders[5])

    const expiring = await list(admin, 'expiring-points', fixture.communityId)
    expect(expiring.body.items.map((i: { name: string; points: number; expiresOn: string }) => ({ name: i.name, points: i.points, expiresOn: i.expiresOn }))).toEqual(FIXTURE_LISTS.expiringPoints)

    const volunteers = await list(admin, 'inactive-volunteers', fixture.communityId)
    expect(names(volunteers)).toEqual(FIXTURE_LISTS.inactiveVolunteers)
    expect(volunteers.body.items[0]).toMatchObject({ lastServiceAt: null, services: 0 })
    expect(volunteers.body.items[1]).toMatchObject({ lastServiceAt: new Date('2026-06-01T03:00:00Z').toISOString(), services: 1 })

    const waiting = await list(admin, 'department-waiting', fixture.communityId)
    expect(waiting.body.items.map((i: { subjectId: string }) => i.subjectId)).toEqual(FIXTURE_LISTS.departmentWaiting.map((k) => fixture.reportIds[k]))
    expect(waiting.body.items[0]).toMatchObject({ departmentName: '城管中队', waitingSince: new Date('2026-09-11T02:00:00Z').toISOString(), overdue: false })
    expect(waiting.body.items[1]).toMatchObject({ departmentName: '水务所', waitingSince: new Date('2026-09-20T01:00:00Z').toISOString() })
    // a street's list holds the community's rows too
    const street = (await ctx().db.kysely.selectFrom('org_units').select('id').where('kind', '=', 'street').executeTakeFirstOrThrow()).id
    expect(names(await list(admin, 'inactive-volunteers', street))).toEqual(expect.arrayContaining(FIXTURE_LISTS.inactiveVolunteers))
    // unknown list, bad days
    expect((await list(admin, 'nobody', fixture.communityId)).status).toBe(404)
    expect((await list(admin, 'isolated-elders', fixture.communityId, '&days=0')).status).toBe(400)
  })

  test('work lists are ticked off: marks recorded with who/when, a visit takes the elder off, bad marks change nothing', async () => {
    const c = fixture.communityId
    const bing = await userId('老人丙')
    const yi = await userId('老人乙')
    expect((await mark(admin, 'isolated-elders', bing, { orgUnitId: c, outcome: 'visited', note: '上门聊了半小时' })).status).toBe(201)
    expect((await mark(admin, 'isolated-elders', yi, { orgUnitId: c, outcome: 'unreachable', note: '=HYPERLINK("x")' })).status).toBe(201)
    const after = await list(admin, 'isolated-elders', c)
    expect(names(after)).toEqual(['老人乙'])
    expect(after.body.items[0].lastMark).toMatchObject({ outcome: 'unreachable', by: '郑志明' })
    expect(names(await list(admin, 'isolated-elders', c, '&outcome=unreachable'))).toEqual(['老人乙'])
    expect(names(await list(admin, 'isolated-elders', c, '&outcome=none'))).toEqual([])

    const before = await marks()
    // an outcome of another list, a person not on the list, a stranger, another community's staff
    expect((await mark(admin, 'isolated-elders', yi, { orgUnitId: c, outcome: 'declined' })).status).toBe(400)
    expect((await mark(admin, 'isolated-elders', await userId('服务老人'), { orgUnitId: c, outcome: 'called' })).status).toBe(404)
    expect((await mark(admin, 'isolated-elders', yi, { orgUnitId: c, outcome: 'toString' })).status).toBe(400)
    const staff01 = await ctx().login('staff01')
    expect((await mark(staff01, 'isolated-elders', yi, { orgUnitId: c, outcome: 'called' })).status).toBe(404)
    expect(await marks()).toBe(before)

    const p2 = await userId('积分居民二')
    expect((await mark(admin, 'expiring-points', p2, { orgUnitId: c, outcome: 'notified' })).status).toBe(201)
    expect((await list(admin, 'expiring-points', c)).body.items[0].lastMark).toMatchObject({ outcome: 'notified' })
    const v2 = await userId('志愿者二')
    expect((await mark(admin, 'inactive-volunteers', v2, { orgUnitId: c, outcome: 'paused', note: '腰伤' })).status).toBe(201)
    expect((await list(admin, 'inactive-volunteers', c)).body.items[1].lastMark).toMatchObject({ outcome: 'paused', note: '腰伤' })
    expect((await mark(admin, 'department-waiting', fixture.reportIds.D2, { orgUnitId: c, outcome: 'chased' })).status).toBe(201)
    expect((await mark(admin, 'department-waiting', fixture.reportIds.D3, { orgUnitId: c, outcome: 'chased' })).status).toBe(404)

    // every list exports its rows; a typed note cannot run as a formula
    for (const [name, sheet, first] of [
      ['isolated-elders', '独居、卧床老人久未联系', ['老人乙']],
      ['expiring-points', '本月积分到期的居民', ['积分居民二']],
      ['inactive-volunteers', '90 天没有服务的志愿者', FIXTURE_LISTS.inactiveVolunteers],
    ] as const) {
      const res = await ctx().app.request(`/api/v1/staff/lists/${name}.xlsx?orgUnitId=${c}`, { headers: { authorization: `Bearer ${admin}` } })
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toContain('spreadsheetml')
      const rows = await sheetRows(await res.arrayBuffer(), sheet)
      expect(rows.slice(1).map((r) => r[0])).toEqual([...first])
      for (const row of rows) for (const cell of row) expect(String(cell ?? '')).not.toMatch(/^=/)
    }
    const res = await ctx().app.request(`/api/v1/staff/lists/department-waiting.xlsx?orgUnitId=${c}`, { headers: { authorization: `Bearer ${admin}` } })
    const rows = await sheetRows(await res.arrayBuffer(), '等部门处理最久的随手拍')
    expect(rows.slice(1).map((r) => r[2])).toEqual(['城管中队', '水务所'])
    expect(String(rows[2][10])).toMatch(/^已催办 郑志明/)
  })

  test('scope: a department sees only its own queue; a community only itself', async () => {
    const dept01 = await ctx().login('dept01')
    const { cityId, waterId } = fixture.departments
    const SEP = 'from=2026-09-01&to=2026-09-30'
    const own = await dashboard(dept01, cityId, SEP)
    expect(own.status).toBe(200)
    expect(own.body).toMatchObject({ points: null, timebank: null, checkups: null })
    const drill = await ctx().call('GET', `/api/v1/staff/dashboard/reports?orgUnitId=${cityId}&${SEP}&figure=received&limit=100`, { token: dept01 })
    const received = (drill.body.items as { id: string }[]).map((r) => r.id)
    expect(received).toContain(fixture.reportIds.D1)
    expect(received).toContain(fixture.reportIds.D3)
    expect(received).not.toContain(fixture.reportIds.D2)
    expect(own.body.reports.received).toBe(received.length)
    // another department's figures, the community's, the street's: not there
    expect((await dashboard(dept01, waterId, SEP)).status).toBe(404)
    expect((await dashboard(dept01, fixture.communityId)).status).toBe(404)
    expect((await ctx().call('GET', `/api/v1/staff/dashboard/map?orgUnitId=${waterId}&${NOV}`, { token: dept01 })).status).toBe(404)
    // its own rows on the waiting list, and only those
    const waiting = await list(dept01, 'department-waiting', cityId)
    expect(waiting.status).toBe(200)
    const ids = waiting.body.items.map((i: { subjectId: string }) => i.subjectId)
    expect(ids).toContain(fixture.reportIds.D1)
    expect(ids).not.toContain(fixture.reportIds.D2)
    expect(new Set(waiting.body.items.map((i: { departmentName: string }) => i.departmentName))).toEqual(new Set(['城管中队']))
    expect((await list(dept01, 'department-waiting', waterId)).status).toBe(404)
    expect((await list(dept01, 'department-waiting', fixture.communityId)).status).toBe(404)
    expect((await list(dept01, 'isolated-elders', cityId)).status).toBe(404)
    expect((await mark(dept01, 'department-waiting', fixture.reportIds.D1, { orgUnitId: cityId, outcome: 'replied' })).status).toBe(201)
    expect((await mark(dept01, 'department-waiting', fixture.reportIds.D2, { orgUnitId: cityId, outcome: 'replied' })).status).toBe(404)
    expect((await ctx().app.request(`/api/v1/staff/lists/department-waiting.xlsx?orgUnitId=${waterId}`, { headers: { authorization: `Bearer ${dept01}` } })).status).toBe(404)
    // the street admin sees every department's queue
    expect((await dashboard(admin, waterId, SEP)).status).toBe(200)

    // a community's staff: their own community's lists, never another's
    const staff01 = await ctx().login('staff01')
    const donghu = (await ctx().db.kysely.selectFrom('org_units').select('id').where('name', '=', '东湖社区').executeTakeFirstOrThrow()).id
    for (const name of ['isolated-elders', 'expiring-points', 'inactive-volunteers', 'department-waiting']) {
      expect((await list(staff01, name, fixture.communityId)).status).toBe(404)
      expect((await list(staff01, name, donghu)).status).toBe(200)
      expect((await ctx().app.request(`/api/v1/staff/lists/${name}.xlsx?orgUnitId=${fixture.communityId}`, { headers: { authorization: `Bearer ${staff01}` } })).status).toBe(404)
    }
    expect((await ctx().call('GET', `/api/v1/staff/dashboard/map?orgUnitId=${fixture.communityId}&${NOV}`, { token: staff01 })).status).toBe(404)
    const resident = await ctx().login('13800000001')
    expect((await list(resident, 'isolated-elders', donghu)).status).toBe(404)
  })

  test('map: the open reports (overdue first) and the hotspot centres, drawn as SVG', async () => {
    const res = await ctx().call('GET', `/api/v1/staff/dashboard/map?orgUnitId=${fixture.communityId}&${NOV}`, { token: admin })
    expect(res.status).toBe(200)
    const points = res.body.points as { id: string; overdue: boolean; category: string; lat: number; lng: number }[]
    expect(points.map((p) => p.id).sort()).toEqual(FIXTURE_LISTS.mapOpen.map((k) => fixture.reportIds[k]).sort())
    expect(points[0]).toMatchObject({ id: fixture.reportIds.R3, overdue: true, category: 'fire_safety' })
    expect(points.filter((p) => p.overdue)).toHaveLength(FIXTURE_EXPECTED.reports.overdueNow)
    expect(res.body).toMatchObject({ total: 6, overdue: 1, capped: false })
    expect(res.body.hotspots).toEqual([expect.objectContaining({ category: 'sanitation', name: '环境卫生', count: 4 })])
    const svg = Buffer.from(res.body.svg.split(',')[1], 'base64').toString()
    expect(svg).toContain('<svg')
    expect(svg).toContain('超期 1')
    expect((svg.match(/<circle [^>]*fill="#ff4d4f"[^>]*><title>/g) ?? []).length).toBe(1)
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
    // the printable page shows the stored file's tables, cell for cell
    const print = await c.call('GET', `/api/v1/staff/monthly-reports/2026-11/sheets?orgUnitId=${fixture.communityId}`, { token: admin })
    expect(print.status).toBe(200)
    expect(print.body.sheets.map((sh: { name: string }) => sh.name)).toEqual(['汇总', '随手拍', '随手拍类别', '积分', '时间银行', '体检'])
    for (const sheet of print.body.sheets as { name: string; header: string[]; rows: unknown[][] }[]) {
      const fromFile = await sheetRows(bytes, sheet.name)
      expect([sheet.header, ...sheet.rows]).toEqual(fromFile.map((r) => sheet.header.map((_, i) => r[i] ?? null)))
    }
    expect(print.body.sheets[0].rows.find((r: unknown[]) => r[0] === '收到')[1]).toBe(FIXTURE_EXPECTED.reports.received)
    expect((await c.call('GET', `/api/v1/staff/monthly-reports/2026-10/sheets?orgUnitId=${fixture.communityId}`, { token: admin })).status).toBe(404)
    expect((await c.call('GET', `/api/v1/staff/monthly-reports/2026-11/sheets?orgUnitId=${fixture.communityId}`, { token: await c.login('staff01') })).status).toBe(404)
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
