import { describeEachDb, TEST_NOW, type TestContext } from '../helpers/app'
import { tableCounts } from '../helpers/db'
import { tick } from '../../cloud/app'
import { campaignWithSessions, makeElders, otherCommunityStaff, sessionRow, userId, activeBookings } from './checkups-helpers'

/** The seeded 东湖 campaign and its first open session after TEST_NOW (2026-11-30 08:00 Shanghai). */
async function demo(c: TestContext, token: string) {
  const campaigns = await c.call('GET', '/api/v1/checkups/campaigns', { token })
  const campaign = campaigns.body.items.find((k: { communityName: string; year: number }) => k.communityName === '东湖社区' && k.year === 2026)
  const sessions = (await c.call('GET', `/api/v1/checkups/campaigns/${campaign.id}/sessions`, { token })).body.items
  return { campaign, sessions }
}

describeEachDb('体检预约: booking', (ctx) => {
  it('a daughter books for her father: one booking, the father is told, a replay does not book twice', async () => {
    const c = ctx()
    const daughter = await c.login('13800000003')
    const father = await userId(c, '陈国华')
    const { campaign, sessions } = await demo(c, daughter)
    expect(campaign).toMatchObject({ communityName: '东湖社区', minAge: 65, cancelCutoff: '18:00', heldBack: 2 })
    expect(sessions[0]).toEqual({
      id: expect.any(String),
      campaignId: campaign.id,
      startsAt: '2026-11-30T00:00:00.000Z',
      endsAt: '2026-11-30T00:30:00.000Z',
      place: expect.stringContaining('东湖社区卫生服务站'),
      capacity: 20,
      booked: 0,
      remaining: 18, // two places held back for the counter and phone
      status: 'open',
    })
    const key = { 'idempotency-key': 'book-chen-0001' }
    const booked = await c.call('POST', '/api/v1/checkups/bookings', { token: daughter, headers: key, body: { elderId: father, sessionId: sessions[0].id } })
    expect(booked.status).toBe(201)
    expect(booked.body).toMatchObject({ elderName: '陈国华', channel: 'family', bookedByName: '陈静', status: 'booked', cancelUntil: '2026-11-29T10:00:00.000Z' })
    const replay = await c.call('POST', '/api/v1/checkups/bookings', { token: daughter, headers: key, body: { elderId: father, sessionId: sessions[0].id } })
    expect(replay).toEqual({ status: 201, body: booked.body })
    const again = await c.call('POST', '/api/v1/checkups/bookings', { token: daughter, body: { elderId: father, sessionId: sessions[1].id } })
    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('ALREADY_BOOKED')
    expect((await sessionRow(c, sessions[0].id)).booked).toBe(1)
    expect((await sessionRow(c, sessions[1].id)).booked).toBe(0)

    // the elder is told who booked, and it is on the record
    const notice = await c.db.kysely.selectFrom('notices').select(['title', 'body']).where('user_id', '=', father).where('kind', '=', 'checkup.booked').executeTakeFirstOrThrow()
    expect(notice.title).toBe('陈静为您预约了体检')
    const audit = await c.db.kysely.selectFrom('audit_log').select('action').where('subject_id', '=', father).where('action', '=', 'checkup.booked').execute()
    expect(audit).toHaveLength(1)

    const mine = await c.call('GET', '/api/v1/me/checkups', { token: daughter })
    expect(mine.body.elders).toEqual([{ id: father, name: '陈国华', age: 78, self: false, healthConsent: true }])
    expect(mine.body.bookings.map((b: { id: string }) => b.id)).toEqual([booked.body.id])
    const detail = await c.call('GET', `/api/v1/checkups/bookings/${booked.body.id}`, { token: daughter })
    expect(detail.body.qrDataUrl).toMatch(/^data:image\/png;base64,/)
    expect(detail.body.checkInCode).toMatch(/^[A-Za-z0-9_-]{16,}$/)
    // the page decides whether 改约/取消 is still offered by the server's clock, not the phone's
    expect(detail.body.serverNow).toBe(new Date(TEST_NOW).toISOString())
  })

  it('health consent is needed first; given in the app, the elder books herself', async () => {
    const c = ctx()
    const elder = await c.login('13800000004')
    const { sessions } = await demo(c, elder)
    const me = await userId(c, '13800000004')
    const refused = await c.call('POST', '/api/v1/checkups/bookings', { token: elder, body: { elderId: me, sessionId: sessions[2].id } })
    expect(refused.status).toBe(403)
    expect(refused.body.error).toMatchObject({ code: 'HEALTH_CONSENT_REQUIRED', details: { kind: 'health' } })
    expect((await sessionRow(c, sessions[2].id)).booked).toBe(0)
    await c.call('POST', '/api/v1/me/consents', { token: elder, body: { kind: 'health', version: '2026-11' } })
    const ok = await c.call('POST', '/api/v1/checkups/bookings', { token: elder, body: { elderId: me, sessionId: sessions[2].id } })
    expect(ok.status).toBe(201)
    expect(ok.body.channel).toBe('self')
  })

  it('eligibility: under 65 refused; staff may book with a reason, residents may not override', async () => {
    const c = ctx()
    const resident = await c.login('13800000001')
    const me = await userId(c, '13800000001')
    await c.call('POST', '/api/v1/me/consents', { token: resident, body: { kind: 'health', version: '2026-11' } })
    const { sessions } = await demo(c, resident)
    const young = await c.call('POST', '/api/v1/checkups/bookings', { token: resident, body: { elderId: me, sessionId: sessions[3].id } })
    expect(young.status).toBe(422)
    expect(young.body.error).toMatchObject({ code: 'NOT_ELIGIBLE', details: { age: 40, minAge: 65, inCommunity: true } })
    const self = await c.call('POST', '/api/v1/checkups/bookings', { token: resident, body: { elderId: me, sessionId: sessions[3].id, overrideReason: '我想体检' } })
    expect(self.status).toBe(403)
    const staff = await c.login('staff01')
    const override = await c.call('POST', '/api/v1/checkups/bookings', { token: staff, body: { elderId: me, sessionId: sessions[3].id, channel: 'phone', overrideReason: '慢性病随访，医生建议' } })
    expect(override.status).toBe(201)
    expect(override.body.channel).toBe('phone')
    expect((await sessionRow(c, sessions[3].id)).booked).toBe(1)
  })

  it('family without book_checkups is told no (403); strangers and other communities see nothing (404)', async () => {
    const c = ctx()
    const volunteer = await c.login('13800000002')
    const elder = await c.login('13800000004')
    const zhao = await userId(c, '13800000004')
    await c.call('POST', '/api/v1/me/consents', { token: elder, body: { kind: 'health', version: '2026-11' } })
    const link = await c.call('POST', '/api/v1/family/links', { token: volunteer, body: { elderPhone: '13800000004', relation: 'other', scopes: ['view_hours'] } })
    expect((await c.call('POST', `/api/v1/family/links/${link.body.id}/confirm`, { token: elder, body: {} })).status).toBe(200)
    const { sessions, campaign } = await demo(c, elder)
    const before = await tableCounts(c.db)
    const noScope = await c.call('POST', '/api/v1/checkups/bookings', { token: volunteer, body: { elderId: zhao, sessionId: sessions[4].id } })
    expect(noScope.status).toBe(403)
    expect(noScope.body.error.code).toBe('FAMILY_SCOPE_REQUIRED')
    const stranger = await c.login('13800000001')
    const father = await userId(c, '陈国华')
    expect((await c.call('POST', '/api/v1/checkups/bookings', { token: stranger, body: { elderId: father, sessionId: sessions[4].id } })).status).toBe(404)

    const gaoan = await otherCommunityStaff(c)
    const before2 = await tableCounts(c.db)
    const answers = await Promise.all([
      c.call('POST', '/api/v1/checkups/bookings', { token: gaoan, body: { elderId: father, sessionId: sessions[4].id } }),
      c.call('GET', `/api/v1/checkups/campaigns/${campaign.id}/sessions`, { token: gaoan }),
      c.call('GET', `/api/v1/staff/checkups/campaigns/${campaign.id}/roster`, { token: gaoan }),
      c.call('PATCH', `/api/v1/staff/checkups/sessions/${sessions[4].id}`, { token: gaoan, body: { capacity: 5 } }),
      c.call('POST', `/api/v1/staff/checkups/campaigns/${campaign.id}/sessions`, {
        token: gaoan,
        body: { from: '2026-12-14', to: '2026-12-14', dayStart: '08:00', dayEnd: '09:00', slotMinutes: 30, capacity: 5, place: '高安' },
      }),
    ])
    expect(answers.map((a) => a.status)).toEqual([404, 404, 404, 404, 404])
    expect((await c.call('GET', '/api/v1/checkups/campaigns', { token: gaoan })).body.items.some((k: { id: string }) => k.id === campaign.id)).toBe(false)
    expect(await tableCounts(c.db)).toEqual(before2)
    expect(before2.checkup_bookings).toBe(before.checkup_bookings)
  })

  it('cancel before the cut-off (18:00 the day before); after it only staff can', async () => {
    const c = ctx()
    const staff = await c.login('staff01')
    const [elder] = await makeElders(c, 1, { prefix: '取消' })
    const { sessions } = await demo(c, elder.token)
    const s = sessions[5] // 2026-12-01 08:30: cut-off 2026-11-30 18:00
    const booked = await c.call('POST', '/api/v1/checkups/bookings', { token: staff, body: { elderId: elder.id, sessionId: s.id } })
    expect(booked.status).toBe(201)
    expect(booked.body).toMatchObject({ channel: 'counter', cancelUntil: '2026-11-30T10:00:00.000Z' })
    const bookedBefore = (await sessionRow(c, s.id)).booked
    try {
      c.clock.set(booked.body.cancelUntil)
      c.clock.advance(1)
      const late = await c.call('POST', `/api/v1/checkups/bookings/${booked.body.id}/cancel`, { token: elder.token })
      expect(late.status).toBe(422)
      expect(late.body.error.code).toBe('CANCEL_CUTOFF_PASSED')
      expect(late.body.error.message).toContain('18:00')
      const lateMove = await c.call('POST', `/api/v1/checkups/bookings/${booked.body.id}/reschedule`, { token: elder.token, body: { sessionId: sessions[6].id } })
      expect(lateMove.body.error.code).toBe('CANCEL_CUTOFF_PASSED')
      const byStaff = await c.call('POST', `/api/v1/checkups/bookings/${booked.body.id}/cancel`, { token: staff })
      expect(byStaff.status).toBe(200)
      expect(byStaff.body.status).toBe('cancelled')
      expect((await sessionRow(c, s.id)).booked).toBe(bookedBefore - 1)
      const twice = await c.call('POST', `/api/v1/checkups/bookings/${booked.body.id}/cancel`, { token: staff })
      expect(twice.status).toBe(409)
    } finally {
      c.clock.set(TEST_NOW)
    }
    // before the cut-off the elder cancels herself
    const again = await c.call('POST', '/api/v1/checkups/bookings', { token: elder.token, body: { elderId: elder.id, sessionId: s.id } })
    expect((await c.call('POST', `/api/v1/checkups/bookings/${again.body.id}/cancel`, { token: elder.token })).status).toBe(200)
  })

  it('reschedule moves the place; the reminder the day before goes to the elder and the daughter with fasting and what to bring', async () => {
    const c = ctx()
    const daughter = await c.login('13800000003')
    const father = await userId(c, '陈国华')
    const daughterId = await userId(c, '13800000003')
    const { sessions } = await demo(c, daughter)
    const mine = (await c.call('GET', '/api/v1/me/checkups', { token: daughter })).body.bookings.find((b: { status: string }) => b.status === 'booked')
    const booking = mine ?? (await c.call('POST', '/api/v1/checkups/bookings', { token: daughter, body: { elderId: father, sessionId: sessions[0].id } })).body
    const from = booking.session.id
    const to = sessions.find((s: { startsAt: string; id: string }) => s.startsAt >= '2026-12-02' && s.id !== from)
    const before = [(await sessionRow(c, from)).booked, (await sessionRow(c, to.id)).booked]
    const moved = await c.call('POST', `/api/v1/checkups/bookings/${booking.id}/reschedule`, { token: daughter, body: { sessionId: to.id }, headers: { 'idempotency-key': 'move-chen-0001' } })
    expect(moved.status).toBe(200)
    expect(moved.body.session.id).toBe(to.id)
    expect([(await sessionRow(c, from)).booked, (await sessionRow(c, to.id)).booked]).toEqual([before[0] - 1, before[1] + 1])
    // the old session's reminder finds nothing; the new one fires once at 10:00 the day before
    try {
      c.clock.set('2026-12-01T02:00:00Z')
      await tick(c.deps, c.clock.now())
      await tick(c.deps, c.clock.now())
      const reminders = await c.db.kysely.selectFrom('notices').select(['user_id', 'body']).where('kind', '=', 'checkup.reminder').where('user_id', 'in', [father, daughterId]).execute()
      expect(reminders.map((r) => r.user_id).sort()).toEqual([father, daughterId].sort())
      expect(reminders[0].body).toContain('不要吃东西')
      expect(reminders[0].body).toContain('身份证')
    } finally {
      c.clock.set(TEST_NOW)
    }
  })
})

describeEachDb('体检预约: waitlist, shrink, no-shows, home visits', (ctx) => {
  it('候补: a freed place is offered to the first in line; accepted in time it books', async () => {
    const c = ctx()
    const staff = await c.login('staff01')
    const { sessions } = await campaignWithSessions(c, staff, { year: 2027, date: '2026-12-15', capacity: 1, offerMinutes: 120 })
    const [a, b, d] = await makeElders(c, 3, { prefix: '候补' })
    const s = sessions[0].id
    const first = await c.call('POST', '/api/v1/checkups/bookings', { token: a.token, body: { elderId: a.id, sessionId: s } })
    expect(first.status).toBe(201)
    const full = await c.call('POST', '/api/v1/checkups/bookings', { token: b.token, body: { elderId: b.id, sessionId: s } })
    expect(full.status).toBe(409)
    expect(full.body.error).toMatchObject({ code: 'SESSION_FULL', message: '这一场已约满', details: { waitlist: true } })
    const wb = await c.call('POST', '/api/v1/checkups/waitlist', { token: b.token, body: { elderId: b.id, sessionId: s } })
    const wd = await c.call('POST', '/api/v1/checkups/waitlist', { token: d.token, body: { elderId: d.id, sessionId: s } })
    expect([wb.status, wd.status]).toEqual([201, 201])
    expect([wb.body.position, wd.body.position]).toEqual([1, 2])

    // a cancels: b is offered the place, which stays held (nobody else can take it)
    expect((await c.call('POST', `/api/v1/checkups/bookings/${first.body.id}/cancel`, { token: a.token })).status).toBe(200)
    expect(await sessionRow(c, s)).toMatchObject({ booked: 1 })
    const offered = (await c.call('GET', '/api/v1/me/checkups', { token: b.token })).body.waitlist[0]
    expect(offered).toMatchObject({ status: 'offered', offerExpiresAt: '2026-11-27T06:00:00.000Z' })
    const grab = await c.call('POST', '/api/v1/checkups/bookings', { token: a.token, body: { elderId: a.id, sessionId: s } })
    expect(grab.body.error.code).toBe('SESSION_FULL')
    // tick before the expiry changes nothing; b accepts in time
    c.clock.advance(119)
    try {
      await tick(c.deps, c.clock.now())
      const accepted = await c.call('POST', `/api/v1/checkups/waitlist/${wb.body.id}/accept`, { token: b.token })
      expect(accepted.status).toBe(201)
      expect(accepted.body).toMatchObject({ channel: 'waitlist', status: 'booked' })
      expect(await sessionRow(c, s)).toMatchObject({ booked: 1 })
      expect(await activeBookings(c, s)).toBe(1)
    } finally {
      c.clock.set(TEST_NOW)
    }
  })

  it('候补: an offer not accepted in time passes to the next by tick, then the place goes back', async () => {
    const c = ctx()
    const staff = await c.login('staff01')
    const { sessions } = await campaignWithSessions(c, staff, { year: 2028, date: '2026-12-16', capacity: 1, offerMinutes: 60 })
    const [a, b, d] = await makeElders(c, 3, { prefix: '过期' })
    const s = sessions[0].id
    const first = await c.call('POST', '/api/v1/checkups/bookings', { token: a.token, body: { elderId: a.id, sessionId: s } })
    const wb = await c.call('POST', '/api/v1/checkups/waitlist', { token: b.token, body: { elderId: b.id, sessionId: s } })
    const wd = await c.call('POST', '/api/v1/checkups/waitlist', { token: d.token, body: { elderId: d.id, sessionId: s } })
    await c.call('POST', `/api/v1/checkups/bookings/${first.body.id}/cancel`, { token: a.token })
    try {
      c.clock.advance(61)
      await tick(c.deps, c.clock.now())
      const late = await c.call('POST', `/api/v1/checkups/waitlist/${wb.body.id}/accept`, { token: b.token })
      expect(late.status).toBe(409)
      expect(late.body.error.code).toBe('INVALID_STATE')
      const dView = (await c.call('GET', '/api/v1/me/checkups', { token: d.token })).body.waitlist[0]
      expect(dView).toMatchObject({ id: wd.body.id, status: 'offered' })
      const bNotice = await c.db.kysely.selectFrom('notices').select('kind').where('user_id', '=', b.id).where('kind', '=', 'checkup.offer_expired').execute()
      expect(bNotice).toHaveLength(1)
      c.clock.advance(61)
      await tick(c.deps, c.clock.now())
      await tick(c.deps, c.clock.now())
      // nobody left in line: the place is free again
      expect(await sessionRow(c, s)).toMatchObject({ booked: 0 })
      const again = await c.call('POST', '/api/v1/checkups/bookings', { token: a.token, body: { elderId: a.id, sessionId: s } })
      expect(again.status).toBe(201)
    } finally {
      c.clock.set(TEST_NOW)
    }
  })

  it('shrinking a session below its bookings asks where they go; with moveTo they move and are told', async () => {
    const c = ctx()
    const staff = await c.login('staff01')
    const { sessions } = await campaignWithSessions(c, staff, { year: 2029, date: '2026-12-17', capacity: 5, slots: 2 })
    const elders = await makeElders(c, 3, { prefix: '缩减' })
    for (const e of elders) expect((await c.call('POST', '/api/v1/checkups/bookings', { token: e.token, body: { elderId: e.id, sessionId: sessions[0].id } })).status).toBe(201)
    const before = await tableCounts(c.db)
    const refused = await c.call('PATCH', `/api/v1/staff/checkups/sessions/${sessions[0].id}`, { token: staff, body: { capacity: 1 } })
    expect(refused.status).toBe(409)
    expect(refused.body.error).toMatchObject({ code: 'SESSION_HAS_BOOKINGS', details: { booked: 3, capacity: 1, toMove: 2 } })
    expect(await tableCounts(c.db)).toEqual(before)
    expect(await sessionRow(c, sessions[0].id)).toMatchObject({ capacity: 5, booked: 3 })

    const shrunk = await c.call('PATCH', `/api/v1/staff/checkups/sessions/${sessions[0].id}`, { token: staff, body: { capacity: 1, moveTo: sessions[1].id } })
    expect(shrunk.status).toBe(200)
    expect(shrunk.body).toMatchObject({ capacity: 1, booked: 1 })
    expect(await sessionRow(c, sessions[1].id)).toMatchObject({ booked: 2 })
    expect([await activeBookings(c, sessions[0].id), await activeBookings(c, sessions[1].id)]).toEqual([1, 2])
    // the two booked last moved, and each was told
    const moved = await c.db.kysely.selectFrom('notices').select('user_id').where('kind', '=', 'checkup.moved').execute()
    expect(moved.map((m) => m.user_id).sort()).toEqual([elders[1].id, elders[2].id].sort())
    // closing the rest moves the last one too
    const closed = await c.call('PATCH', `/api/v1/staff/checkups/sessions/${sessions[0].id}`, { token: staff, body: { status: 'closed', moveTo: sessions[1].id } })
    expect(closed.body).toMatchObject({ status: 'closed', booked: 0, remaining: 0 })
    const onClosed = await c.call('POST', '/api/v1/checkups/bookings', { token: elders[0].token, body: { elderId: elders[0].id, sessionId: sessions[0].id } })
    expect(onClosed.status).toBe(422)
    expect(onClosed.body.error.code).toBe('SESSION_CLOSED')
  })

  it('check-in by QR on the day; after the session unchecked bookings become no-shows on the call list', async () => {
    const c = ctx()
    const staff = await c.login('staff01')
    const { campaignId, sessions } = await campaignWithSessions(c, staff, { year: 2030, date: '2026-11-28', capacity: 5, slots: 1 })
    const [came, missed] = await makeElders(c, 2, { prefix: '签到' })
    const b1 = await c.call('POST', '/api/v1/checkups/bookings', { token: came.token, body: { elderId: came.id, sessionId: sessions[0].id } })
    await c.call('POST', '/api/v1/checkups/bookings', { token: missed.token, body: { elderId: missed.id, sessionId: sessions[0].id } })
    const code = (await c.call('GET', `/api/v1/checkups/bookings/${b1.body.id}`, { token: came.token })).body.checkInCode
    const early = await c.call('POST', '/api/v1/checkups/check-ins', { token: staff, body: { code } })
    expect(early.status).toBe(422)
    try {
      c.clock.set('2026-11-28T00:10:00Z') // 08:10 on the day
      const gaoan = await otherCommunityStaff(c)
      expect((await c.call('POST', '/api/v1/checkups/check-ins', { token: gaoan, body: { code } })).status).toBe(404)
      const checked = await c.call('POST', '/api/v1/checkups/check-ins', { token: staff, body: { code } })
      expect(checked.status).toBe(200)
      expect(checked.body.status).toBe('checked_in')
      const roster = await c.call('GET', `/api/v1/staff/checkups/campaigns/${campaignId}/roster`, { token: staff })
      expect(roster.body.items.map((r: { status: string }) => r.status).sort()).toEqual(['booked', 'checked_in'])
      c.clock.set('2026-11-28T01:01:00Z') // after 09:00
      await tick(c.deps, c.clock.now())
      const noShows = await c.call('GET', `/api/v1/staff/checkups/campaigns/${campaignId}/no-shows`, { token: staff })
      expect(noShows.body.items.map((r: { elderId: string }) => r.elderId)).toEqual([missed.id])
      const done = await c.call('POST', `/api/v1/checkups/bookings/${b1.body.id}/done`, { token: staff })
      expect(done.body.status).toBe('done')
      const xlsx = await c.app.request(`/api/v1/staff/checkups/campaigns/${campaignId}/roster.xlsx`, { headers: { authorization: `Bearer ${staff}` } })
      expect(xlsx.status).toBe(200)
      const bytes = Buffer.from(await xlsx.arrayBuffer())
      expect(bytes.subarray(0, 2).toString()).toBe('PK')
      const ExcelJS = (await import('exceljs')).default
      const book = new ExcelJS.Workbook()
      await book.xlsx.load(bytes as unknown as ArrayBuffer)
      const rows = book
        .getWorksheet('体检名单')!
        .getSheetValues()
        .filter(Boolean)
        .map((r) => (r as unknown[]).slice(1))
      expect(rows[0]).toContain('签到时间')
      expect(
        rows
          .slice(1)
          .map((r) => r[9])
          .sort(),
      ).toEqual(['已完成体检', '未到场'])
    } finally {
      c.clock.set(TEST_NOW)
    }
  })

  it('home visits: one staff member cannot be in two homes at once (409)', async () => {
    const c = ctx()
    const staff = await c.login('staff01')
    const daughter = await c.login('13800000003')
    const health = await userId(c, 'health01')
    const { campaign } = await demo(c, daughter)
    const [other] = await makeElders(c, 1, { prefix: '卧床' })
    const v1 = await c.call('POST', '/api/v1/checkups/home-visits', { token: daughter, body: { elderId: await userId(c, '陈国华'), campaignId: campaign.id, note: '卧床，行动不便' } })
    const v2 = await c.call('POST', '/api/v1/checkups/home-visits', { token: other.token, body: { elderId: other.id, campaignId: campaign.id } })
    expect([v1.status, v2.status]).toEqual([201, 201])
    // the staff list shows both requests waiting for a visitor; staff of another community see nothing
    const waiting = await c.call('GET', `/api/v1/staff/checkups/campaigns/${campaign.id}/home-visits`, { token: staff })
    expect(waiting.status).toBe(200)
    expect(waiting.body.items.map((v: { id: string; status: string }) => [v.id, v.status]).sort()).toEqual(
      [
        [v1.body.id, 'requested'],
        [v2.body.id, 'requested'],
      ].sort(),
    )
    expect((await c.call('GET', `/api/v1/staff/checkups/campaigns/${campaign.id}/home-visits`, { token: await otherCommunityStaff(c) })).status).toBe(404)
    expect((await c.call('GET', `/api/v1/staff/checkups/campaigns/${campaign.id}/home-visits`, { token: daughter })).status).toBe(404)
    const at = { staffId: health, startsAt: '2026-12-03T01:00:00Z', endsAt: '2026-12-03T02:00:00Z' }
    expect((await c.call('POST', `/api/v1/checkups/home-visits/${v1.body.id}/schedule`, { token: staff, body: at })).status).toBe(200)
    const clash = await c.call('POST', `/api/v1/checkups/home-visits/${v2.body.id}/schedule`, { token: staff, body: { ...at, startsAt: '2026-12-03T01:30:00Z', endsAt: '2026-12-03T02:30:00Z' } })
    expect(clash.status).toBe(409)
    expect(clash.body.error.code).toBe('HOME_VISIT_CLASH')
    const after = await c.call('POST', `/api/v1/checkups/home-visits/${v2.body.id}/schedule`, { token: staff, body: { ...at, startsAt: '2026-12-03T02:00:00Z', endsAt: '2026-12-03T03:00:00Z' } })
    expect(after.status).toBe(200)
    const listed = await c.call('GET', `/api/v1/staff/checkups/campaigns/${campaign.id}/home-visits`, { token: staff })
    expect(listed.body.items.map((v: { status: string; staffId: string | null }) => [v.status, v.staffId])).toEqual([
      ['scheduled', health],
      ['scheduled', health],
    ])
  })

  it("home visits: the visitor picker lists the community's health and community staff; another of them can be sent, anyone else is refused", async () => {
    const c = ctx()
    const staff = await c.login('staff01')
    const daughter = await c.login('13800000003')
    const [health, liuMin, lead] = [await userId(c, 'health01'), await userId(c, 'staff01'), await userId(c, 'lead01')]
    const { campaign } = await demo(c, daughter)
    const url = `/api/v1/staff/checkups/campaigns/${campaign.id}/visitors`
    const visitors = await c.call('GET', url, { token: staff })
    expect(visitors.status).toBe(200)
    const ids = visitors.body.items.map((v: { id: string }) => v.id)
    expect(visitors.body.items).toEqual(
      expect.arrayContaining([
        { id: health, name: '吴丽华', role: 'health_staff' },
        { id: liuMin, name: '刘敏', role: 'community_staff' },
      ]),
    )
    // a cluster lead can arrange visits but is not sent on them; 高安's staff do not serve 东湖
    expect(ids).not.toContain(lead)
    const gaoan = await otherCommunityStaff(c)
    expect(ids).not.toContain(
      await c.db.kysely
        .selectFrom('users')
        .select('id')
        .where('name', '=', '高安社工')
        .executeTakeFirstOrThrow()
        .then((r) => r.id),
    )
    expect((await c.call('GET', url, { token: gaoan })).status).toBe(404)
    expect((await c.call('GET', url, { token: daughter })).status).toBe(404)

    const [elder] = await makeElders(c, 1, { prefix: '上门' })
    const visit = (await c.call('POST', '/api/v1/checkups/home-visits', { token: elder.token, body: { elderId: elder.id, campaignId: campaign.id } })).body
    const at = { startsAt: '2026-12-04T01:00:00Z', endsAt: '2026-12-04T02:00:00Z' }
    const before = await tableCounts(c.db)
    for (const outsider of [lead, elder.id]) {
      const refused = await c.call('POST', `/api/v1/checkups/home-visits/${visit.id}/schedule`, { token: staff, body: { ...at, staffId: outsider } })
      expect(refused.status).toBe(422)
      expect(refused.body.error).toMatchObject({ code: 'VISITOR_INVALID', message: '只能安排为本社区服务的卫生或社区工作人员上门' })
    }
    expect(await tableCounts(c.db)).toEqual(before)
    expect((await c.call('GET', `/api/v1/staff/checkups/campaigns/${campaign.id}/home-visits`, { token: staff })).body.items.find((v: { id: string }) => v.id === visit.id)).toMatchObject({
      status: 'requested',
      staffId: null,
    })
    // staff01 sends the health centre's 吴丽华, not themselves
    const sent = await c.call('POST', `/api/v1/checkups/home-visits/${visit.id}/schedule`, { token: staff, body: { ...at, staffId: health } })
    expect(sent.status).toBe(200)
    expect(sent.body).toMatchObject({ status: 'scheduled', staffId: health, startsAt: '2026-12-04T01:00:00.000Z' })
  })

  it('bad input: past or closed sessions, capacity below bookings, malformed dates → clear errors, nothing written', async () => {
    const c = ctx()
    const staff = await c.login('staff01')
    const daughter = await c.login('13800000003')
    const father = await userId(c, '陈国华')
    const { campaign, sessions } = await demo(c, daughter)
    const before = await tableCounts(c.db)
    const cases: [string, string, unknown, number, string][] = [
      [
        'POST',
        `/api/v1/staff/checkups/campaigns/${campaign.id}/sessions`,
        { from: '2026-13-01', to: '2026-12-01', dayStart: '08:00', dayEnd: '10:00', slotMinutes: 30, capacity: 20, place: '站' },
        400,
        'INVALID_INPUT',
      ],
      [
        'POST',
        `/api/v1/staff/checkups/campaigns/${campaign.id}/sessions`,
        { from: '2026-02-30', to: '2026-03-01', dayStart: '08:00', dayEnd: '10:00', slotMinutes: 30, capacity: 20, place: '站' },
        400,
        'INVALID_INPUT',
      ],
      [
        'POST',
        `/api/v1/staff/checkups/campaigns/${campaign.id}/sessions`,
        { from: '2026-12-01', to: '2026-11-01', dayStart: '08:00', dayEnd: '10:00', slotMinutes: 30, capacity: 20, place: '站' },
        400,
        'INVALID_INPUT',
      ],
      [
        'POST',
        `/api/v1/staff/checkups/campaigns/${campaign.id}/sessions`,
        { from: '2026-12-01', to: '2026-12-01', dayStart: '25:00', dayEnd: '10:00', slotMinutes: 30, capacity: 20, place: '站' },
        400,
        'INVALID_INPUT',
      ],
      [
        'POST',
        `/api/v1/staff/checkups/campaigns/${campaign.id}/sessions`,
        { from: '2026-11-01', to: '2026-11-02', dayStart: '08:00', dayEnd: '10:00', slotMinutes: 30, capacity: 20, place: '站' },
        400,
        'INVALID_INPUT',
      ],
      ['POST', '/api/v1/staff/checkups/campaigns', { communityId: campaign.communityId, year: 2031, title: 'x', releaseAt: '明天' }, 400, 'INVALID_INPUT'],
      ['PATCH', `/api/v1/staff/checkups/sessions/${sessions[0].id}`, { capacity: -1 }, 400, 'INVALID_INPUT'],
      ['POST', '/api/v1/checkups/bookings', { elderId: father, sessionId: 'tomorrow' }, 400, 'INVALID_INPUT'],
    ]
    for (const [method, path, body, status, code] of cases) {
      const res = await c.call(method, path, { token: staff, body })
      expect({ path, body, status: res.status, code: res.body.error?.code }).toEqual({ path, body, status, code })
      expect(res.body.error.message).toMatch(/[\u4e00-\u9fa5]/)
    }
    // a session that has already begun cannot be booked
    try {
      c.clock.set(sessions[0].startsAt)
      const past = await c.call('POST', '/api/v1/checkups/bookings', { token: daughter, body: { elderId: father, sessionId: sessions[0].id } })
      expect(past.status).toBe(422)
      expect(past.body.error.code).toBe('SESSION_PAST')
    } finally {
      c.clock.set(TEST_NOW)
    }
    expect(await tableCounts(c.db)).toEqual(before)
  })
})
