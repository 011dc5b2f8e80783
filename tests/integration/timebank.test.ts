import { describeEachDb, TEST_NOW, type TestContext } from '../helpers/app'
import { tableCounts } from '../helpers/db'
import { tick } from '../../cloud/app'
import { newId } from '../../cloud/platform/ids'
import { saveRules } from '../../cloud/timebank/repository/rules'
import { AT_ZHAO, FAR_AWAY, addPerson, balanceOf, expectTimebankInvariants, newRequest, serve, serveJournals, userId } from './timebank-helpers'

const DAY = 24 * 60
/** Each test runs on its own business day so daily caps of one test never touch another. */
function onDay(c: TestContext, n: number) {
  c.clock.set(new Date(new Date(TEST_NOW).getTime() + n * DAY * 60_000))
}

describeEachDb('时间银行: the life of a request', (ctx) => {
  it('demo: 李强 has banked minutes through the ledger; two open requests wait in 东湖社区', async () => {
    const c = ctx()
    const li = await c.login('13800000002')
    const me = await c.call('GET', '/api/v1/me/timebank', { token: li })
    expect(me.status).toBe(200)
    expect(me.body).toMatchObject({ balanceMinutes: 150, earnedMinutes: 150, servicesDone: 2, dailyCapMinutes: 120, lifetimeCapMinutes: 90000 })
    const open = await c.call('GET', '/api/v1/timebank/requests', { token: li })
    expect(open.body.items.map((r: { elderName: string }) => r.elderName)).toEqual(['赵秀英', '陈国华'])
    expect(open.body.items[1]).toMatchObject({ requestedByName: '陈静', notes: expect.stringContaining('耳背'), serviceTypeLabel: '陪同就医' })
    await expectTimebankInvariants(c)
  })

  it('a daughter asks for her father; 李强 accepts, checks in and out; she confirms; minutes, points event and notices follow', async () => {
    const c = ctx()
    onDay(c, 1)
    const daughter = await c.login('13800000003')
    const li = await c.login('13800000002')
    const chen = await userId(c, '陈国华')
    const liId = await userId(c, '13800000002')
    const req = await newRequest(c, daughter, { elderId: chen })
    expect(req).toMatchObject({ status: 'open', elderName: '陈国华', requestedByName: '陈静', address: '东湖路 9 弄 12 号' })
    // 陈国华 is told who asked for him
    const told = await c.db.kysely.selectFrom('audit_log').select('action').where('subject_id', '=', chen).where('action', '=', 'timebank.request_for').execute()
    expect(told).toHaveLength(1)

    const before = await balanceOf(c, liId)
    await serve(c, li, req.id, 67) // rounded down to 65
    const waiting = await c.call('GET', `/api/v1/timebank/requests/${req.id}`, { token: daughter })
    expect(waiting.body).toMatchObject({ status: 'awaiting_confirmation', minutes: 65, volunteerName: '李强' })
    expect(waiting.body.autoConfirmAt).not.toBeNull()
    expect(await balanceOf(c, liId)).toBe(before) // nothing credited before confirmation

    const ok = await c.call('POST', `/api/v1/timebank/requests/${req.id}/confirm`, { token: daughter, body: { rating: 5, comment: '很准时' } })
    expect(ok.status).toBe(200)
    expect(ok.body).toMatchObject({ status: 'confirmed', creditedMinutes: 65, rating: 5 })
    expect(await balanceOf(c, liId)).toBe(before + 65)
    const event = await c.db.kysely.selectFrom('outbox').select('payload').where('topic', '=', 'timebank.service_confirmed').execute()
    expect(event.map((e) => e.payload)).toContainEqual({ serviceId: req.id, volunteerId: liId, communityId: expect.any(String), minutes: 65 })
    const audit = await c.db.kysely.selectFrom('audit_log').select('action').where('subject_id', '=', chen).where('action', '=', 'timebank.confirm_for').execute()
    expect(audit).toHaveLength(1)
    // a second confirmation changes nothing
    const again = await c.call('POST', `/api/v1/timebank/requests/${req.id}/confirm`, { token: daughter, body: { rating: 5 } })
    expect(again.status).toBe(409)
    expect(again.body.error).toMatchObject({ code: 'REQUEST_STATE_CONFLICT', details: { status: 'confirmed' } })
    expect(await serveJournals(c, req.id)).toBe(1)
    await expectTimebankInvariants(c)
  })

  it('cancel: the elder cancels with a reason (late within 2 h); a volunteer withdrawing puts it back on the list', async () => {
    const c = ctx()
    onDay(c, 2)
    const zhao = await c.login('13800000004')
    const li = await c.login('13800000002')
    const early = await newRequest(c, zhao, { inMinutes: 600 })
    const cancelled = await c.call('POST', `/api/v1/timebank/requests/${early.id}/cancel`, { token: zhao, body: { reason: '女儿回来了' } })
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelReason: '女儿回来了', lateCancel: false })
    expect((await c.call('POST', `/api/v1/timebank/requests/${early.id}/accept`, { token: li, body: {} })).status).toBe(409)

    const soon = await newRequest(c, zhao, { inMinutes: 60 })
    await c.call('POST', `/api/v1/timebank/requests/${soon.id}/accept`, { token: li, body: {} })
    const withdrawn = await c.call('POST', `/api/v1/timebank/requests/${soon.id}/cancel`, { token: li, body: { reason: '临时加班' } })
    expect(withdrawn.body).toMatchObject({ status: 'open', volunteerId: null, lateCancel: true })
    const late = await c.call('POST', `/api/v1/timebank/requests/${soon.id}/cancel`, { token: zhao, body: { reason: '不需要了' } })
    expect(late.body).toMatchObject({ status: 'cancelled', lateCancel: true })
    // no reason: 400 and nothing written
    const other = await newRequest(c, zhao)
    const counts = await tableCounts(c.db)
    const bad = await c.call('POST', `/api/v1/timebank/requests/${other.id}/cancel`, { token: zhao, body: { reason: '  ' } })
    expect(bad.status).toBe(400)
    expect(await tableCounts(c.db)).toEqual(counts)
    // after the start nobody cancels
    c.clock.advance(200)
    const tooLate = await c.call('POST', `/api/v1/timebank/requests/${other.id}/cancel`, { token: zhao, body: { reason: '算了' } })
    expect(tooLate.status).toBe(409)
  })

  it('double accept: the second volunteer gets 409 with the current state; a stale version is 409 too', async () => {
    const c = ctx()
    onDay(c, 3)
    await addPerson(c, { name: '周敏', phone: '13900000011', birthDate: '1995-01-01', volunteer: true })
    const zhao = await c.login('13800000004')
    const li = await c.login('13800000002')
    const zhou = await c.login('13900000011')
    const req = await newRequest(c, zhao)
    expect((await c.call('POST', `/api/v1/timebank/requests/${req.id}/accept`, { token: li, body: {} })).status).toBe(200)
    const second = await c.call('POST', `/api/v1/timebank/requests/${req.id}/accept`, { token: zhou, body: {} })
    expect(second.status).toBe(409)
    expect(second.body.error).toMatchObject({ code: 'REQUEST_ALREADY_TAKEN', details: { status: 'accepted', version: 2 } })
    const stale = await c.call('POST', `/api/v1/timebank/requests/${req.id}/check-in`, { token: li, body: { location: AT_ZHAO, version: 1 } })
    expect(stale.status).toBe(409)
    expect(stale.body.error.details).toEqual({ status: 'accepted', version: 2 })
    // a resident who is not a volunteer cannot take requests
    const wang = await c.login('13800000001')
    expect((await c.call('POST', `/api/v1/timebank/requests/${req.id}/accept`, { token: wang, body: {} })).body.error.code).toBe('VOLUNTEER_REQUIRED')
  })

  it('check-in far away is refused (422 with the distance) and writes nothing; at the door it works', async () => {
    const c = ctx()
    onDay(c, 4)
    const zhao = await c.login('13800000004')
    const li = await c.login('13800000002')
    const req = await newRequest(c, zhao)
    await c.call('POST', `/api/v1/timebank/requests/${req.id}/accept`, { token: li, body: {} })
    const counts = await tableCounts(c.db)
    const far = await c.call('POST', `/api/v1/timebank/requests/${req.id}/check-in`, { token: li, body: { location: FAR_AWAY } })
    expect(far.status).toBe(422)
    expect(far.body.error.code).toBe('CHECKIN_TOO_FAR')
    expect(far.body.error.details.distanceMetres).toBeGreaterThan(1000)
    expect(await tableCounts(c.db)).toEqual(counts)
    const near = await c.call('POST', `/api/v1/timebank/requests/${req.id}/check-in`, { token: li, body: { location: AT_ZHAO } })
    expect(near.body.status).toBe('in_service')
  })

  it('bad input: check-out before check-in, end before check-in, someone else confirming (404) — nothing written', async () => {
    const c = ctx()
    onDay(c, 5)
    const zhao = await c.login('13800000004')
    const li = await c.login('13800000002')
    const wang = await c.login('13800000001')
    const req = await newRequest(c, zhao)
    await c.call('POST', `/api/v1/timebank/requests/${req.id}/accept`, { token: li, body: {} })
    const counts = await tableCounts(c.db)
    const early = await c.call('POST', `/api/v1/timebank/requests/${req.id}/check-out`, { token: li, body: { location: AT_ZHAO } })
    expect(early.status).toBe(409)
    expect(early.body.error.details).toMatchObject({ status: 'accepted' })
    await c.call('POST', `/api/v1/timebank/requests/${req.id}/check-in`, { token: li, body: { location: AT_ZHAO } })
    const afterIn = await tableCounts(c.db)
    const before = await c.call('POST', `/api/v1/timebank/requests/${req.id}/check-out`, { token: li, body: { proposedEndAt: new Date(c.clock.now().getTime() - 60_000).toISOString() } })
    expect(before.body.error.code).toBe('CHECKOUT_TIME_INVALID')
    expect((await c.call('POST', `/api/v1/timebank/requests/${req.id}/check-out`, { token: li, body: {} })).status).toBe(400)
    c.clock.advance(30)
    await c.call('POST', `/api/v1/timebank/requests/${req.id}/check-out`, { token: li, body: { location: AT_ZHAO } })
    const waiting = await tableCounts(c.db)
    for (const body of [{ rating: 5, minutes: 0 }, { rating: 5, minutes: 12.5 }, { rating: 5, minutes: -5 }, { rating: 9 }]) {
      const r = await c.call('POST', `/api/v1/timebank/requests/${req.id}/confirm`, { token: zhao, body })
      expect(r.status).toBe(400)
    }
    expect((await c.call('POST', `/api/v1/timebank/requests/${req.id}/confirm`, { token: zhao, body: { rating: 5, minutes: 45 } })).body.error.code).toBe('MINUTES_EXCEED_RECORDED')
    // 王芳 is not part of it: the service does not exist for her
    const notMine = await c.call('POST', `/api/v1/timebank/requests/${req.id}/confirm`, { token: wang, body: { rating: 5 } })
    expect(notMine.status).toBe(404)
    expect(notMine.body.error.code).toBe('SERVICE_REQUEST_NOT_FOUND')
    expect((await c.call('GET', `/api/v1/timebank/requests/${req.id}`, { token: wang })).status).toBe(404)
    // the volunteer cannot confirm their own service
    expect((await c.call('POST', `/api/v1/timebank/requests/${req.id}/confirm`, { token: li, body: { rating: 5 } })).status).toBe(403)
    expect(await tableCounts(c.db)).toEqual(waiting)
    expect(counts).not.toEqual(afterIn)
  })

  it('forgotten check-out: the volunteer proposes the end time; no auto-confirmation; the elder confirms it', async () => {
    const c = ctx()
    onDay(c, 6)
    const zhao = await c.login('13800000004')
    const li = await c.login('13800000002')
    const liId = await userId(c, '13800000002')
    const req = await newRequest(c, zhao)
    await c.call('POST', `/api/v1/timebank/requests/${req.id}/accept`, { token: li, body: {} })
    await c.call('POST', `/api/v1/timebank/requests/${req.id}/check-in`, { token: li, body: { location: AT_ZHAO } })
    const checkInAt = c.clock.now()
    c.clock.advance(8 * 60) // went home and forgot
    const proposed = await c.call('POST', `/api/v1/timebank/requests/${req.id}/check-out`, { token: li, body: { proposedEndAt: new Date(checkInAt.getTime() + 50 * 60_000).toISOString() } })
    expect(proposed.body).toMatchObject({ status: 'awaiting_confirmation', checkOutProposed: true, minutes: 50, autoConfirmAt: null })
    c.clock.advance(80 * 60)
    await tick(c.deps, c.clock.now())
    expect((await c.call('GET', `/api/v1/timebank/requests/${req.id}`, { token: zhao })).body.status).toBe('awaiting_confirmation')
    const before = await balanceOf(c, liId)
    const ok = await c.call('POST', `/api/v1/timebank/requests/${req.id}/confirm`, { token: zhao, body: { rating: 4 } })
    expect(ok.body).toMatchObject({ status: 'confirmed', creditedMinutes: 50 })
    expect(await balanceOf(c, liId)).toBe(before + 50)
    await expectTimebankInvariants(c)
  })

  it('auto-confirmation by tick: reminder after 48 h, credit after 72 h, once', async () => {
    const c = ctx()
    onDay(c, 12)
    const zhao = await c.login('13800000004')
    const zhaoId = await userId(c, '13800000004')
    const li = await c.login('13800000002')
    const liId = await userId(c, '13800000002')
    // earlier tests' due jobs run first, so what follows is this request's own
    await tick(c.deps, c.clock.now())
    const reminders = async () => (await c.db.kysely.selectFrom('notices').select('id').where('user_id', '=', zhaoId).where('kind', '=', 'timebank.confirm_reminder').execute()).length
    const already = await reminders()
    const req = await newRequest(c, zhao)
    await serve(c, li, req.id, 40)
    const before = await balanceOf(c, liId)
    c.clock.advance(47 * 60)
    await tick(c.deps, c.clock.now())
    expect(await reminders()).toBe(already)
    c.clock.advance(2 * 60)
    await tick(c.deps, c.clock.now())
    expect(await reminders()).toBe(already + 1)
    expect(await balanceOf(c, liId)).toBe(before)
    c.clock.advance(24 * 60)
    await tick(c.deps, c.clock.now())
    await tick(c.deps, c.clock.now())
    const done = await c.call('GET', `/api/v1/timebank/requests/${req.id}`, { token: zhao })
    expect(done.body).toMatchObject({ status: 'confirmed', creditedMinutes: 40 })
    expect(await balanceOf(c, liId)).toBe(before + 40)
    expect(await serveJournals(c, req.id)).toBe(1)
    await expectTimebankInvariants(c)
  })

  it('dispute settled both ways by community staff, with a reason', async () => {
    const c = ctx()
    onDay(c, 20)
    const zhao = await c.login('13800000004')
    const li = await c.login('13800000002')
    const staff = await c.login('staff01')
    const liId = await userId(c, '13800000002')
    const a = await newRequest(c, zhao)
    await serve(c, li, a.id, 60)
    const disputed = await c.call('POST', `/api/v1/timebank/requests/${a.id}/dispute`, { token: zhao, body: { reason: '只待了半小时' } })
    expect(disputed.body).toMatchObject({ status: 'disputed', disputeReason: '只待了半小时' })
    const queue = await c.call('GET', '/api/v1/staff/timebank/requests?status=disputed', { token: staff })
    expect(queue.body.items.map((r: { id: string }) => r.id)).toContain(a.id)
    // a resident cannot settle; the elder cannot confirm a disputed service
    expect((await c.call('POST', `/api/v1/timebank/requests/${a.id}/settle`, { token: zhao, body: { decision: 'credit', reason: 'x' } })).status).toBe(404)
    expect((await c.call('POST', `/api/v1/timebank/requests/${a.id}/confirm`, { token: zhao, body: { rating: 3 } })).status).toBe(409)
    const before = await balanceOf(c, liId)
    const credited = await c.call('POST', `/api/v1/timebank/requests/${a.id}/settle`, { token: staff, body: { decision: 'credit', minutes: 30, reason: '电话核实服务了 30 分钟' } })
    expect(credited.body).toMatchObject({ status: 'confirmed', creditedMinutes: 30, settleReason: '电话核实服务了 30 分钟' })
    expect(await balanceOf(c, liId)).toBe(before + 30)

    c.clock.advance(60)
    const b = await newRequest(c, zhao)
    await serve(c, li, b.id, 45)
    await c.call('POST', `/api/v1/timebank/requests/${b.id}/dispute`, { token: zhao, body: { reason: '志愿者没有来' } })
    const rejected = await c.call('POST', `/api/v1/timebank/requests/${b.id}/settle`, { token: staff, body: { decision: 'reject', reason: '核实未到场' } })
    expect(rejected.body).toMatchObject({ status: 'rejected', creditedMinutes: 0 })
    expect(await balanceOf(c, liId)).toBe(before + 30)
    await expectTimebankInvariants(c)
  })

  it('reversal: staff take back a credit with a reason, once; the minutes must still be there', async () => {
    const c = ctx()
    onDay(c, 25)
    const zhao = await c.login('13800000004')
    const li = await c.login('13800000002')
    const staff = await c.login('staff01')
    const liId = await userId(c, '13800000002')
    const req = await newRequest(c, zhao)
    await serve(c, li, req.id, 30)
    await c.call('POST', `/api/v1/timebank/requests/${req.id}/confirm`, { token: zhao, body: { rating: 5 } })
    const journal = await c.db.kysely.selectFrom('timebank_journals').select('id').where('request_id', '=', req.id).where('kind', '=', 'serve').executeTakeFirstOrThrow()
    const before = await balanceOf(c, liId)
    expect((await c.call('POST', `/api/v1/staff/timebank/journals/${journal.id}/reverse`, { token: li, body: { reason: '错' } })).status).toBe(404)
    const rev = await c.call('POST', `/api/v1/staff/timebank/journals/${journal.id}/reverse`, { token: staff, body: { reason: '重复登记' } })
    expect(rev.status).toBe(201)
    expect(await balanceOf(c, liId)).toBe(before - 30)
    const twice = await c.call('POST', `/api/v1/staff/timebank/journals/${journal.id}/reverse`, { token: staff, body: { reason: '重复登记' } })
    expect(twice.body.error.code).toBe('TIMEBANK_ALREADY_REVERSED')
    const me = await c.call('GET', '/api/v1/me/timebank', { token: li })
    expect(me.body.history[0]).toMatchObject({ kind: 'reverse', minutes: -30 })
    await expectTimebankInvariants(c)
  })

  it('a certificate states the credited hours; anyone can verify its code publicly', async () => {
    const c = ctx()
    const li = await c.login('13800000002')
    const cert = await c.call('POST', '/api/v1/me/timebank/certificates', { token: li })
    expect(cert.status).toBe(201)
    expect(cert.body.code).toMatch(/^[A-Z0-9]{12}$/)
    expect(cert.body.qrDataUrl).toMatch(/^data:image\/png;base64,/)
    const verified = await c.call('GET', `/api/v1/timebank/certificates/${cert.body.code}`)
    expect(verified.status).toBe(200)
    expect(verified.body).toMatchObject({ valid: true, name: '李*', totalMinutes: cert.body.totalMinutes, services: cert.body.services })
    expect((await c.call('GET', '/api/v1/timebank/certificates/AAAAAAAAAAAA')).status).toBe(404)
    expect((await c.call('GET', '/api/v1/timebank/certificates/not-a-code')).status).toBe(404)
  })
})

describeEachDb('时间银行: caps, age and gifts', (ctx) => {
  it('daily cap: 120 credited minutes per volunteer per day; the rest is recorded with the reason', async () => {
    const c = ctx()
    onDay(c, 1)
    const zhao = await c.login('13800000004')
    const li = await c.login('13800000002')
    const liId = await userId(c, '13800000002')
    const before = await balanceOf(c, liId)
    const a = await newRequest(c, zhao, { maxMinutes: 120 })
    await serve(c, li, a.id, 90)
    await c.call('POST', `/api/v1/timebank/requests/${a.id}/confirm`, { token: zhao, body: { rating: 5 } })
    const b = await newRequest(c, zhao)
    await serve(c, li, b.id, 60)
    const second = await c.call('POST', `/api/v1/timebank/requests/${b.id}/confirm`, { token: zhao, body: { rating: 5 } })
    expect(second.body).toMatchObject({ status: 'confirmed', minutes: 60, creditedMinutes: 30 })
    expect(second.body.capNote).toContain('每日 120 分钟')
    expect(await balanceOf(c, liId)).toBe(before + 120)
    expect((await c.call('GET', '/api/v1/me/timebank', { token: li })).body.todayCreditedMinutes).toBe(120)
    await expectTimebankInvariants(c)
  })

  it('lifetime cap (configured per street) and age: volunteers 18+', async () => {
    const c = ctx()
    onDay(c, 2)
    const street = await c.db.kysely.selectFrom('org_units').select('id').where('kind', '=', 'street').executeTakeFirstOrThrow()
    const young = await addPerson(c, { name: '小周', phone: '13900000021', birthDate: '2009-03-01', volunteer: true })
    const fresh = await addPerson(c, { name: '钱芳', phone: '13900000022', birthDate: '1990-03-01', volunteer: true })
    await saveRules(c.db.kysely, street.id, { lifetimeCapMinutes: 100 }, c.clock.now())
    const zhao = await c.login('13800000004')
    const req = await newRequest(c, zhao)
    const teen = await c.call('POST', `/api/v1/timebank/requests/${req.id}/accept`, { token: await c.login('13900000021'), body: {} })
    expect(teen.status).toBe(422)
    expect(teen.body.error.code).toBe('VOLUNTEER_TOO_YOUNG')
    expect(young).toBeTruthy()
    const qian = await c.login('13900000022')
    await serve(c, qian, req.id, 80)
    await c.call('POST', `/api/v1/timebank/requests/${req.id}/confirm`, { token: zhao, body: { rating: 5 } })
    onDay(c, 3)
    const next = await newRequest(c, zhao)
    await serve(c, qian, next.id, 60)
    const capped = await c.call('POST', `/api/v1/timebank/requests/${next.id}/confirm`, { token: zhao, body: { rating: 5 } })
    expect(capped.body).toMatchObject({ creditedMinutes: 20 })
    expect(capped.body.capNote).toContain('累计 100 分钟')
    expect(await balanceOf(c, fresh)).toBe(100)
    await saveRules(c.db.kysely, street.id, { lifetimeCapMinutes: 90000 }, c.clock.now())
    await expectTimebankInvariants(c)
  })

  it('gifts go only to a linked spouse or direct relative aged 60+, never beyond the balance', async () => {
    const c = ctx()
    const li = await c.login('13800000002')
    const liId = await userId(c, '13800000002')
    const zhaoId = await userId(c, '13800000004')
    const chenId = await userId(c, '陈国华')
    const wangId = await userId(c, '13800000001')
    const link = async (elder: string, member: string, relation: string) =>
      c.db.kysely
        .insertInto('family_links')
        .values({
          id: newId(),
          elder_id: elder,
          member_id: member,
          relation: relation as 'child',
          scopes: ['view_hours'],
          status: 'active',
          requested_at: c.clock.now(),
          confirmed_at: c.clock.now(),
          confirmed_via: 'elder',
        })
        .execute()
    const balance = await balanceOf(c, liId)
    const counts = await tableCounts(c.db)
    // no link to 陈国华
    expect((await c.call('POST', '/api/v1/timebank/gifts', { token: li, body: { toUserId: chenId, minutes: 30 } })).body.error.code).toBe('GIFT_NOT_ALLOWED')
    // a linked neighbour who is a sibling, and a linked relative under 60
    await link(chenId, liId, 'sibling')
    expect((await c.call('POST', '/api/v1/timebank/gifts', { token: li, body: { toUserId: chenId, minutes: 30 } })).body.error.code).toBe('GIFT_NOT_ALLOWED')
    await link(wangId, liId, 'spouse')
    expect((await c.call('POST', '/api/v1/timebank/gifts', { token: li, body: { toUserId: wangId, minutes: 30 } })).body.error.code).toBe('GIFT_NOT_ALLOWED')
    await link(zhaoId, liId, 'child')
    const linksAdded = await tableCounts(c.db)
    expect(linksAdded.family_links).toBe(counts.family_links + 3)
    for (const minutes of [0, -10, 2.5, '30']) {
      expect((await c.call('POST', '/api/v1/timebank/gifts', { token: li, body: { toUserId: zhaoId, minutes } })).status).toBe(400)
    }
    const tooMuch = await c.call('POST', '/api/v1/timebank/gifts', { token: li, body: { toUserId: zhaoId, minutes: balance + 5 } })
    expect(tooMuch.status).toBe(422)
    expect(tooMuch.body.error.code).toBe('INSUFFICIENT_MINUTES')
    expect(await tableCounts(c.db)).toEqual(linksAdded)

    const gift = await c.call('POST', '/api/v1/timebank/gifts', { token: li, body: { toUserId: zhaoId, minutes: 60 }, headers: { 'Idempotency-Key': 'gift-to-mum-0001' } })
    expect(gift.status).toBe(201)
    const replay = await c.call('POST', '/api/v1/timebank/gifts', { token: li, body: { toUserId: zhaoId, minutes: 60 }, headers: { 'Idempotency-Key': 'gift-to-mum-0001' } })
    expect(replay.body).toEqual(gift.body)
    expect(await balanceOf(c, liId)).toBe(balance - 60)
    expect(await balanceOf(c, zhaoId)).toBe(60)
    const zhao = await c.login('13800000004')
    expect((await c.call('GET', '/api/v1/me/timebank', { token: zhao })).body.balanceMinutes).toBe(60)
    await expectTimebankInvariants(c)
  })

  it('an elder aged 60+ with minutes draws on them when a service is confirmed', async () => {
    const c = ctx()
    onDay(c, 9)
    const zhao = await c.login('13800000004')
    const zhaoId = await userId(c, '13800000004')
    const li = await c.login('13800000002')
    const start = await balanceOf(c, zhaoId)
    expect(start).toBeGreaterThan(0)
    const req = await newRequest(c, zhao)
    await serve(c, li, req.id, 45)
    await c.call('POST', `/api/v1/timebank/requests/${req.id}/confirm`, { token: zhao, body: { rating: 5 } })
    expect(await balanceOf(c, zhaoId)).toBe(Math.max(0, start - 45))
    await expectTimebankInvariants(c)
  })

  it('invariants hold after a random sequence of actions by several people', async () => {
    const c = ctx()
    onDay(c, 30)
    let seed = 20261127
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648
      return seed % n
    }
    const zhao = await c.login('13800000004')
    const staff = await c.login('staff01')
    const vols = [await c.login('13800000002'), await c.login('13800000022').catch(() => c.login('13800000002'))]
    const open: string[] = []
    for (let step = 0; step < 40; step++) {
      const action = rand(6)
      const token = vols[rand(vols.length)]
      if (action === 0 || open.length === 0) {
        open.push((await newRequest(c, zhao, { inMinutes: 30 + rand(600) })).id)
        continue
      }
      const id = open[rand(open.length)]
      const path = `/api/v1/timebank/requests/${id}`
      const res =
        action === 1
          ? await c.call('POST', `${path}/accept`, { token, body: {} })
          : action === 2
            ? await c.call('POST', `${path}/check-in`, { token, body: { location: rand(4) === 0 ? FAR_AWAY : AT_ZHAO } })
            : action === 3
              ? (c.clock.advance(5 + rand(200)), await c.call('POST', `${path}/check-out`, { token, body: { location: AT_ZHAO } }))
              : action === 4
                ? await c.call('POST', `${path}/confirm`, { token: zhao, body: { rating: 1 + rand(5) }, headers: { 'Idempotency-Key': `rand-${id}-${rand(2)}` } })
                : rand(2) === 0
                  ? await c.call('POST', `${path}/dispute`, { token: zhao, body: { reason: '时间不对' } })
                  : await c.call('POST', `${path}/settle`, { token: staff, body: { decision: rand(2) === 0 ? 'credit' : 'reject', reason: '核实' } })
      expect(res.status).toBeLessThan(500)
      if (step % 10 === 9) await expectTimebankInvariants(c)
    }
    await tick(c.deps, new Date(c.clock.now().getTime() + 80 * 3_600_000))
    await expectTimebankInvariants(c)
  })
})

describeEachDb('时间银行: certificates need served minutes', (ctx) => {
  it('someone who has not served gets a clear refusal and no certificate row', async () => {
    const c = ctx()
    const wang = await c.login('13800000001')
    const counts = await tableCounts(c.db)
    const res = await c.call('POST', '/api/v1/me/timebank/certificates', { token: wang })
    expect(res.status).toBe(422)
    expect(res.body.error.code).toBe('NO_SERVICE_MINUTES')
    expect(await tableCounts(c.db)).toEqual(counts)
  })
})
