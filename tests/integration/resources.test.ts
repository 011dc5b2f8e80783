import ExcelJS from 'exceljs'
import { describeEachDb } from '../helpers/app'
import { tick } from '../../cloud/app'
import { markResourceNoShows } from '../../cloud/resources'
import { shanghaiTime } from '../../cloud/platform/clock'
import { TEST_NOW } from '../helpers/app'

const MA = '13800000019' // 乌中社区
const WANG = '13800000001' // 东湖社区, member of the volunteer team
const LI = '13800000002' // 东湖社区, leader of the volunteer team
const at = (day: string, time: string) => shanghaiTime(day, time).toISOString()

describeEachDb('资源共享 and 社会组织', (ctx) => {
  const tokens: Record<string, string> = {}
  const ids: Record<string, string> = {}
  beforeAll(async () => {
    for (const who of [MA, WANG, LI, 'staff01', 'admin01', '13800000004']) tokens[who] = await ctx().login(who)
    const all = await ctx().db.kysely.selectFrom('resources').select(['id', 'name']).execute()
    for (const r of all) ids[r.name] = r.id
  })
  afterEach(() => ctx().clock.set(TEST_NOW))
  const call = (who: string, method: string, path: string, body?: unknown, headers?: Record<string, string>) => ctx().call(method, path, { token: tokens[who], body, headers })
  const book = (who: string, name: string, body: Record<string, unknown>, headers?: Record<string, string>) => call(who, 'POST', `/api/v1/resources/${ids[name]}/bookings`, body, headers)

  test('street-wide search: another community’s own-residents room is 404 in search and detail, 403 on a direct booking', async () => {
    const res = await call(MA, 'GET', '/api/v1/resources?kind=room&date=2026-11-28')
    expect(res.status).toBe(200)
    const names = res.body.items.map((i: { name: string }) => i.name)
    expect(names).toContain('东湖二楼活动室')
    expect(names).not.toContain('东湖议事厅')
    expect(res.body.items[0]).toMatchObject({ id: expect.any(String), communityId: expect.any(String), kind: 'room' })
    expect(res.body.items.every((i: { distanceM: number | null }) => typeof i.distanceM === 'number')).toBe(true)
    // 东湖's own residents see it
    expect((await call(WANG, 'GET', '/api/v1/resources?kind=room')).body.items.map((i: { name: string }) => i.name)).toContain('东湖议事厅')
    expect((await call(MA, 'GET', `/api/v1/resources/${ids['东湖议事厅']}`)).status).toBe(404)
    const direct = await book(MA, '东湖议事厅', { startsAt: at('2026-11-28', '09:00'), endsAt: at('2026-11-28', '10:00') })
    expect(direct.status).toBe(403)
    expect(direct.body.error.code).toBe('RESOURCE_NOT_OPEN_TO_YOU')
    // the organisations-only hall: a resident without an organisation is refused
    expect((await book(WANG, '高安多功能礼堂', { startsAt: at('2026-11-28', '09:00'), endsAt: at('2026-11-28', '10:00') })).body.error.code).toBe('RESOURCE_NOT_OPEN_TO_YOU')
  })

  test('乌中 resident books 东湖’s room; staff approve; the QR checks in once; the clash names the range', async () => {
    const key = { 'Idempotency-Key': 'book-room-0001' }
    const first = await book(MA, '东湖二楼活动室', { startsAt: at('2026-11-28', '09:00'), endsAt: at('2026-11-28', '11:00'), purpose: '亲子读书会' }, key)
    expect(first.status).toBe(201)
    expect(first.body.items).toHaveLength(1)
    expect(first.body.items[0]).toMatchObject({ status: 'pending', communityName: '东湖社区', bookerCommunityName: '乌中社区' })
    const replay = await book(MA, '东湖二楼活动室', { startsAt: at('2026-11-28', '09:00'), endsAt: at('2026-11-28', '11:00'), purpose: '亲子读书会' }, key)
    expect(replay.body).toEqual(first.body)
    const bookingId = first.body.items[0].id
    expect(await ctx().db.kysely.selectFrom('resource_bookings').select('id').where('series_id', '=', first.body.seriesId).execute()).toHaveLength(1)

    const clash = await book(WANG, '东湖二楼活动室', { startsAt: at('2026-11-28', '10:00'), endsAt: at('2026-11-28', '12:00') })
    expect(clash.status).toBe(409)
    expect(clash.body.error.code).toBe('RESOURCE_TAKEN')
    expect(clash.body.error.details.clashes).toEqual([
      { week: 1, startsAt: at('2026-11-28', '10:00'), endsAt: at('2026-11-28', '12:00'), taken: [{ startsAt: at('2026-11-28', '09:00'), endsAt: at('2026-11-28', '11:00'), quantity: 1 }] },
    ])

    // 乌中's staff do not exist for 东湖's bookings; 东湖's approve
    const pending = await call('staff01', 'GET', '/api/v1/staff/resources/bookings?status=pending')
    expect(pending.body.items.map((b: { id: string }) => b.id)).toContain(bookingId)
    expect((await call(MA, 'POST', `/api/v1/staff/resources/bookings/${bookingId}/decide`, { decision: 'approve' })).status).toBe(404)
    const approved = await call('staff01', 'POST', `/api/v1/staff/resources/bookings/${bookingId}/decide`, { decision: 'approve' })
    expect(approved.body.status).toBe('approved')
    expect((await call('staff01', 'POST', `/api/v1/staff/resources/bookings/${bookingId}/decide`, { decision: 'refuse', note: 'x' })).status).toBe(409)

    const pass = await call(MA, 'GET', `/api/v1/resource-bookings/${bookingId}/pass`)
    expect(pass.body.qrDataUrl).toMatch(/^data:image\/png;base64,/)
    expect((await call(WANG, 'GET', `/api/v1/resource-bookings/${bookingId}/pass`)).status).toBe(404)
    // too early (the day before), a forged code, then on time
    expect((await call('staff01', 'POST', '/api/v1/staff/resources/check-ins', { code: pass.body.code })).body.error.code).toBe('RESOURCE_CHECK_IN_CLOSED')
    expect((await call('staff01', 'POST', '/api/v1/staff/resources/check-ins', { code: pass.body.code.slice(0, -2) + 'xx' })).body.error.code).toBe('QR_INVALID')
    ctx().clock.set(at('2026-11-28', '08:45'))
    const inn = await call('staff01', 'POST', '/api/v1/staff/resources/check-ins', { code: pass.body.code })
    expect(inn.status).toBe(200)
    expect(inn.body.status).toBe('checked_in')
    expect((await call('staff01', 'POST', '/api/v1/staff/resources/check-ins', { code: pass.body.code })).body.error.code).toBe('ALREADY_CHECKED_IN')
    // another community's staff (admin01 covers the street, so use a resident): not found
    expect((await call(WANG, 'POST', '/api/v1/staff/resources/check-ins', { code: pass.body.code })).status).toBe(404)
  })

  test('a recurring booking with one conflicting week books nothing and names that week', async () => {
    const blocker = await book(WANG, '东湖二楼活动室', { startsAt: at('2026-12-15', '09:30'), endsAt: at('2026-12-15', '10:30') })
    expect(blocker.status).toBe(201)
    const before = await ctx().db.kysely.selectFrom('resource_bookings').select('id').execute()
    // every Tuesday 9–11 for 8 weeks from 1 December: week 3 is 15 December
    const res = await book(MA, '东湖二楼活动室', { startsAt: at('2026-12-01', '09:00'), endsAt: at('2026-12-01', '11:00'), repeatWeeks: 8 })
    expect(res.status).toBe(409)
    expect(res.body.error.code).toBe('RESOURCE_TAKEN')
    expect(res.body.error.details.clashes.map((c: { week: number }) => c.week)).toEqual([3])
    expect(res.body.error.details.clashes[0].taken).toEqual([{ startsAt: at('2026-12-15', '09:30'), endsAt: at('2026-12-15', '10:30'), quantity: 1 }])
    expect(res.body.error.message).toContain('第 3 周')
    expect(await ctx().db.kysely.selectFrom('resource_bookings').select('id').execute()).toHaveLength(before.length)
    // once the blocker is cancelled, all eight weeks go in together
    expect((await call(WANG, 'POST', `/api/v1/resource-bookings/${blocker.body.items[0].id}/cancel`)).body.status).toBe('cancelled')
    const ok = await book(MA, '东湖二楼活动室', { startsAt: at('2026-12-01', '09:00'), endsAt: at('2026-12-01', '11:00'), repeatWeeks: 8 })
    expect(ok.status).toBe(201)
    expect(ok.body.items.map((b: { week: number }) => b.week)).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
  })

  test('times outside the open hours, in the past or too long are refused and write nothing; cancel until 2 h before', async () => {
    expect((await book(MA, '东湖二楼活动室', { startsAt: at('2026-11-29', '06:00'), endsAt: at('2026-11-29', '07:00') })).body.error.code).toBe('RESOURCE_TIME_INVALID')
    expect((await book(MA, '东湖二楼活动室', { startsAt: at('2026-11-20', '09:00'), endsAt: at('2026-11-20', '10:00') })).body.error.code).toBe('RESOURCE_TIME_INVALID')
    expect((await book(MA, '东湖二楼活动室', { startsAt: at('2026-11-29', '09:00'), endsAt: at('2026-11-29', '15:00') })).body.error.code).toBe('RESOURCE_TIME_INVALID')
    expect((await book(MA, '东湖二楼活动室', { startsAt: at('2026-11-29', '10:00'), endsAt: at('2026-11-29', '09:00') })).status).toBe(400)
    const soon = await book(MA, '乌中篮球场', { startsAt: at('2026-11-27', '13:00'), endsAt: at('2026-11-27', '14:00') })
    expect(soon.body.items[0].status).toBe('approved') // no approval needed
    expect((await call(MA, 'POST', `/api/v1/resource-bookings/${soon.body.items[0].id}/cancel`)).body.error.code).toBe('RESOURCE_CANCEL_TOO_LATE')
  })

  test('equipment: quantities add up to the count and no further', async () => {
    const range = { startsAt: at('2026-11-30', '09:00'), endsAt: at('2026-11-30', '12:00') }
    expect((await book(WANG, '轮椅（借用）', { ...range, quantity: 2 })).status).toBe(201)
    const over = await book(MA, '轮椅（借用）', { ...range, quantity: 2 })
    expect(over.status).toBe(409)
    expect(over.body.error.details.clashes[0]).toMatchObject({ week: 1, available: 1 })
    expect((await book(MA, '轮椅（借用）', { ...range, quantity: 1 })).status).toBe(201)
    // after the first two end, all three are free again
    expect((await book(MA, '轮椅（借用）', { startsAt: at('2026-11-30', '12:00'), endsAt: at('2026-11-30', '13:00'), quantity: 3 })).status).toBe(201)
  })

  test('an organisation leader books and publishes only for their organisation; members sign in and earn points', async () => {
    const mine = await call(LI, 'GET', '/api/v1/me/organisations')
    const org = mine.body.items[0]
    expect(org).toMatchObject({ name: '东湖红马甲志愿服务队', status: 'verified', myRole: 'leader' })
    const range = { startsAt: at('2026-12-05', '09:00'), endsAt: at('2026-12-05', '11:00'), organisationId: org.id }
    expect((await book(WANG, '高安多功能礼堂', range)).body.error.code).toBe('ORGANISATION_LEADER_ONLY')
    expect((await book(MA, '高安多功能礼堂', range)).body.error.code).toBe('ORGANISATION_NOT_FOUND')
    const booked = await book(LI, '高安多功能礼堂', range)
    expect(booked.status).toBe(201)
    expect(booked.body.items[0]).toMatchObject({ organisationName: '东湖红马甲志愿服务队', status: 'pending' })

    expect((await call(WANG, 'POST', `/api/v1/organisations/${org.id}/activities`, { title: '敬老院包饺子', startsAt: range.startsAt, endsAt: range.endsAt })).status).toBe(403)
    const activity = await call(LI, 'POST', `/api/v1/organisations/${org.id}/activities`, {
      title: '敬老院包饺子',
      startsAt: at('2026-11-27', '11:00'),
      endsAt: at('2026-11-27', '13:00'),
      bookingId: booked.body.items[0].id,
    })
    expect(activity.status).toBe(201)
    expect(activity.body.place).toContain('高安多功能礼堂')
    expect((await call(WANG, 'POST', `/api/v1/organisations/activities/${activity.body.id}/code`)).status).toBe(403)
    const code = await call(LI, 'POST', `/api/v1/organisations/activities/${activity.body.id}/code`)
    expect(code.body.url).toContain('/packages/resources/org-checkin/index?code=')

    const pointsBefore = (await call(WANG, 'GET', '/api/v1/me/points')).body.available
    const signed = await call(WANG, 'POST', '/api/v1/organisations/check-ins', { code: code.body.code })
    expect(signed.status).toBe(201)
    expect(signed.body).toMatchObject({ signedIn: true, attendees: 1 })
    expect((await call(WANG, 'POST', '/api/v1/organisations/check-ins', { code: code.body.code })).body.error.code).toBe('ALREADY_CHECKED_IN')
    expect((await call(MA, 'POST', '/api/v1/organisations/check-ins', { code: code.body.code })).body.error.code).toBe('ACTIVITY_MEMBERS_ONLY')
    await tick(ctx().deps)
    await tick(ctx().deps) // a second delivery credits nothing more
    expect((await call(WANG, 'GET', '/api/v1/me/points')).body.available).toBe(pointsBefore + 5)

    // the street office's overview counts it, and exports it
    const overview = await call('admin01', 'GET', '/api/v1/staff/organisations/overview?from=2026-11-01&to=2026-12-31')
    expect(overview.body.rows.find((r: { name: string }) => r.name === '东湖红马甲志愿服务队')).toMatchObject({ members: 3, activities: 1, attendances: 1, hoursServed: 2, bookings: 1 })
    const xlsx = await ctx().app.request('/api/v1/staff/organisations/overview.xlsx?from=2026-11-01&to=2026-12-31', { headers: { authorization: `Bearer ${tokens.admin01}` } })
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(await xlsx.arrayBuffer())
    expect(wb.getWorksheet('社会组织')!.getRow(2).getCell(1).value).toBeTruthy()
  })

  test('registering an organisation: pending until the host community’s staff verify it', async () => {
    const reg = await call(MA, 'POST', '/api/v1/organisations', { name: '乌中夕阳红合唱团', kind: 'culture', memberPhones: [WANG] })
    expect(reg.status).toBe(201)
    expect(reg.body).toMatchObject({ status: 'pending', myRole: 'leader', memberCount: 2, hostCommunityName: '乌中社区' })
    expect((await call(MA, 'POST', `/api/v1/organisations/${reg.body.id}/activities`, { title: '排练', startsAt: at('2026-12-01', '09:00'), endsAt: at('2026-12-01', '10:00') })).body.error.code).toBe(
      'ORGANISATION_NOT_VERIFIED',
    )
    expect((await call('staff01', 'POST', `/api/v1/staff/organisations/${reg.body.id}/decide`, { decision: 'verify' })).status).toBe(404) // 东湖's staff
    expect((await call('admin01', 'POST', `/api/v1/staff/organisations/${reg.body.id}/decide`, { decision: 'verify' })).body.status).toBe('verified')
    expect((await call(MA, 'POST', '/api/v1/organisations', { name: '乌中夕阳红合唱团', kind: 'culture' })).body.error.code).toBe('ORGANISATION_NAME_TAKEN')
    expect((await call(LI, 'GET', `/api/v1/organisations/${reg.body.id}`)).status).toBe(404)
  })

  test('three no-shows in 60 days suspend booking for 30 days', async () => {
    const zhao = '13800000004'
    for (const day of ['2026-11-28', '2026-11-29', '2026-11-30']) {
      expect((await book(zhao, '乌中篮球场', { startsAt: at(day, '19:00'), endsAt: at(day, '20:00') })).status).toBe(201)
    }
    ctx().clock.set(at('2026-12-01', '08:00'))
    expect(await markResourceNoShows(ctx().db.kysely, ctx().clock.now())).toBeGreaterThanOrEqual(3)
    const refused = await book(zhao, '乌中篮球场', { startsAt: at('2026-12-02', '19:00'), endsAt: at('2026-12-02', '20:00') })
    expect(refused.status).toBe(403)
    expect(refused.body.error.code).toBe('RESOURCE_BOOKING_SUSPENDED')
    ctx().clock.set(at('2026-12-31', '09:00'))
    tokens[zhao] = await ctx().login(zhao)
    expect((await book(zhao, '乌中篮球场', { startsAt: at('2027-01-02', '19:00'), endsAt: at('2027-01-02', '20:00') })).status).toBe(201)
  })

  test('a community lists a resource; residents of the street find it; nobody else may list one', async () => {
    const body = { kind: 'room', name: '三楼书画室', capacity: 12, audience: 'street', needsApproval: false, openFrom: '09:00', openUntil: '17:00' }
    expect((await call(MA, 'POST', '/api/v1/staff/resources', body)).status).toBe(403)
    expect((await call('staff01', 'POST', '/api/v1/staff/resources', { ...body, openFrom: '18:00' })).status).toBe(400)
    const made = await call('staff01', 'POST', '/api/v1/staff/resources', body)
    expect(made.status).toBe(201)
    expect(made.body).toMatchObject({ name: '三楼书画室', communityName: '东湖社区', exclusive: true, openFrom: '09:00', openUntil: '17:00' })
    expect((await call(MA, 'GET', '/api/v1/resources?kind=room')).body.items.map((i: { name: string }) => i.name)).toContain('三楼书画室')
    expect((await call(MA, 'POST', `/api/v1/resources/${made.body.id}/bookings`, { startsAt: at('2026-11-29', '17:00'), endsAt: at('2026-11-29', '18:00') })).body.error.code).toBe(
      'RESOURCE_TIME_INVALID',
    )
    expect((await call('staff01', 'GET', '/api/v1/staff/resources')).body.items.map((i: { name: string }) => i.name)).toContain('三楼书画室')
  })

  test('the lending community sees usage and an xlsx', async () => {
    const usage = await call('staff01', 'GET', '/api/v1/staff/resources/usage?from=2026-11-01&to=2026-12-31')
    expect(usage.status).toBe(200)
    const room = usage.body.rows.find((r: { name: string }) => r.name === '东湖二楼活动室')
    expect(room.checkedIn).toBe(1)
    expect(room.fromOtherCommunities).toBe(6) // 马红's 28 November and five December Tuesdays
    const res = await ctx().app.request('/api/v1/staff/resources/usage.xlsx?from=2026-11-01&to=2026-12-31', { headers: { authorization: `Bearer ${tokens.staff01}` } })
    expect(res.status).toBe(200)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(await res.arrayBuffer())
    expect(wb.getWorksheet('明细')!.rowCount).toBeGreaterThan(5)
    expect((await call(MA, 'GET', '/api/v1/staff/resources/usage?from=2026-11-01&to=2026-12-31')).status).toBe(403)
  })
})
