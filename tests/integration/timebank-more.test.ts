import sharp from 'sharp'
import ExcelJS from 'exceljs'
import { sql } from 'kysely'
import { describeEachDb, TEST_NOW, type TestContext } from '../helpers/app'
import { tableCounts } from '../helpers/db'
import { tick } from '../../cloud/app'
import { CERTIFICATE_HEIGHT, CERTIFICATE_WIDTH, certificateCacheStats } from '../../cloud/timebank/render-certificate'
import { AT_ZHAO, FAR_AWAY, addPerson, balanceOf, expectTimebankInvariants, newRequest, serve, serveJournals, userId } from './timebank-helpers'

const DAY = 24 * 60
/** Each test on its own business day (daily caps of one never touch another); far from timebank.test.ts's days. */
function onDay(c: TestContext, n: number) {
  c.clock.set(new Date(new Date(TEST_NOW).getTime() + n * DAY * 60_000))
}

async function volunteers(c: TestContext, n: number, prefix: string): Promise<{ token: string; id: string }[]> {
  const out: { token: string; id: string }[] = []
  for (let i = 0; i < n; i++) {
    const phone = `${prefix}${String(i).padStart(4, '0')}`
    const id = await addPerson(c, { name: `志愿者${prefix.slice(-2)}${i}`, phone, birthDate: '1990-05-05', volunteer: true })
    out.push({ id, token: await c.login(phone) })
  }
  return out
}

/** Staff post a request for 赵秀英 that needs `n` volunteers. */
async function groupRequest(c: TestContext, staff: string, n: number, inMinutes = 180) {
  const zhao = await userId(c, '13800000004')
  const startsAt = new Date(c.clock.now().getTime() + inMinutes * 60_000)
  const res = await c.call('POST', '/api/v1/timebank/requests', {
    token: staff,
    body: {
      elderId: zhao,
      serviceType: 'cleaning',
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 180 * 60_000).toISOString(),
      estimateMinutes: 120,
      volunteersNeeded: n,
      notes: '年底大扫除',
    },
  })
  if (res.status !== 201) throw new Error(`group request: ${JSON.stringify(res.body)}`)
  return res.body as { id: string; volunteersNeeded: number; placesTaken: number; status: string }
}

describeEachDb('时间银行: more than one volunteer', (ctx) => {
  it('staff set 3 places: three volunteers each get their own service, the 4th is 409; each is confirmed and credited separately', async () => {
    const c = ctx()
    onDay(c, 40)
    const staff = await c.login('staff01')
    const zhao = await c.login('13800000004')
    const vs = await volunteers(c, 4, '1360040')
    const group = await groupRequest(c, staff, 3)
    expect(group).toMatchObject({ volunteersNeeded: 3, placesTaken: 0, status: 'open' })

    const places: string[] = []
    for (const v of vs.slice(0, 3)) {
      const a = await c.call('POST', `/api/v1/timebank/requests/${group.id}/accept`, { token: v.token, body: {} })
      expect(a.status).toBe(200)
      expect(a.body).toMatchObject({ parentId: group.id, volunteerId: v.id, status: 'accepted', volunteersNeeded: 1 })
      places.push(a.body.id)
      if (places.length === 1) {
        // the same volunteer twice: 409, and the place taken for it is given back
        const twice = await c.call('POST', `/api/v1/timebank/requests/${group.id}/accept`, { token: v.token, body: {} })
        expect(twice.status).toBe(409)
        expect(twice.body.error.code).toBe('ALREADY_JOINED')
      }
    }
    expect(new Set(places).size).toBe(3)
    const counts = await tableCounts(c.db)
    const fourth = await c.call('POST', `/api/v1/timebank/requests/${group.id}/accept`, { token: vs[3].token, body: {} })
    expect(fourth.status).toBe(409)
    expect(fourth.body.error).toMatchObject({ code: 'REQUEST_PLACES_FULL', details: { placesTaken: 3, volunteersNeeded: 3 } })
    expect(await tableCounts(c.db)).toEqual(counts)

    const detail = await c.call('GET', `/api/v1/timebank/requests/${group.id}`, { token: zhao })
    expect(detail.body).toMatchObject({ status: 'accepted', placesTaken: 3, volunteersNeeded: 3 })
    expect(detail.body.places.map((p: { volunteerId: string }) => p.volunteerId).sort()).toEqual(
      vs
        .slice(0, 3)
        .map((v) => v.id)
        .sort(),
    )
    // the group itself is nobody's to check in to
    expect((await c.call('POST', `/api/v1/timebank/requests/${group.id}/check-in`, { token: vs[0].token, body: { location: AT_ZHAO } })).status).toBe(404)

    // each checks in and out on their own, from an hour before the start; different lengths
    c.clock.advance(150)
    for (const [i, id] of places.entries()) {
      const v = vs[i]
      expect((await c.call('POST', `/api/v1/timebank/requests/${id}/check-in`, { token: v.token, body: { location: AT_ZHAO } })).status).toBe(200)
      c.clock.advance(30 + i * 10)
      const out = await c.call('POST', `/api/v1/timebank/requests/${id}/check-out`, { token: v.token, body: { location: AT_ZHAO } })
      expect(out.body).toMatchObject({ status: 'awaiting_confirmation' })
    }
    // another volunteer's place is not theirs (404)
    expect((await c.call('POST', `/api/v1/timebank/requests/${places[1]}/check-out`, { token: vs[0].token, body: { location: AT_ZHAO } })).status).toBe(404)

    const before = await Promise.all(vs.map((v) => balanceOf(c, v.id)))
    for (const id of places) expect((await c.call('POST', `/api/v1/timebank/requests/${id}/confirm`, { token: zhao, body: { rating: 5 } })).status).toBe(200)
    const after = await Promise.all(vs.map((v) => balanceOf(c, v.id)))
    expect(after.map((a, i) => a - before[i])).toEqual([30, 40, 50, 0])
    for (const id of places) expect(await serveJournals(c, id)).toBe(1)
    // points hear of each service on its own: one event per place, the place's id as serviceId
    const events = await c.db.kysely.selectFrom('outbox').select('payload').where('topic', '=', 'timebank.service_confirmed').execute()
    const mine = events.map((e) => e.payload as { serviceId: string; volunteerId: string; minutes: number }).filter((p) => places.includes(p.serviceId))
    expect(mine.map((p) => [p.volunteerId, p.minutes]).sort()).toEqual(
      [
        [vs[0].id, 30],
        [vs[1].id, 40],
        [vs[2].id, 50],
      ].sort(),
    )
    await expectTimebankInvariants(c)
  })

  it('a volunteer gives a place back (the group is open again); the elder cancelling cancels every place', async () => {
    const c = ctx()
    onDay(c, 41)
    const staff = await c.login('staff01')
    const zhao = await c.login('13800000004')
    const vs = await volunteers(c, 3, '1360041')
    const group = await groupRequest(c, staff, 2, 600)
    const a = await c.call('POST', `/api/v1/timebank/requests/${group.id}/accept`, { token: vs[0].token, body: {} })
    await c.call('POST', `/api/v1/timebank/requests/${group.id}/accept`, { token: vs[1].token, body: {} })
    expect((await c.call('GET', `/api/v1/timebank/requests/${group.id}`, { token: zhao })).body.status).toBe('accepted')
    const back = await c.call('POST', `/api/v1/timebank/requests/${a.body.id}/cancel`, { token: vs[0].token, body: { reason: '临时出差' } })
    expect(back.body).toMatchObject({ status: 'cancelled', cancelReason: '临时出差' })
    expect((await c.call('GET', `/api/v1/timebank/requests/${group.id}`, { token: zhao })).body).toMatchObject({ status: 'open', placesTaken: 1 })
    // the freed place is on the list again for others, not for the volunteer who still has one
    const listFor = async (token: string) => (await c.call('GET', '/api/v1/timebank/requests?limit=100', { token })).body.items.map((r: { id: string }) => r.id)
    expect(await listFor(vs[2].token)).toContain(group.id)
    expect(await listFor(vs[1].token)).not.toContain(group.id)
    expect((await c.call('POST', `/api/v1/timebank/requests/${group.id}/accept`, { token: vs[2].token, body: {} })).status).toBe(200)

    const cancelled = await c.call('POST', `/api/v1/timebank/requests/${group.id}/cancel`, { token: zhao, body: { reason: '儿子回来帮忙了' } })
    expect(cancelled.body.status).toBe('cancelled')
    const places = await c.db.kysely.selectFrom('timebank_requests').select('status').where('parent_id', '=', group.id).execute()
    expect(places.map((p) => p.status)).toEqual(['cancelled', 'cancelled', 'cancelled'])
  })

  it('only staff set more than one volunteer; a bad number is 400; the places route never goes below places taken — nothing written', async () => {
    const c = ctx()
    onDay(c, 42)
    const zhao = await c.login('13800000004')
    const staff = await c.login('staff01')
    const [v] = await volunteers(c, 1, '1360042')
    const startsAt = new Date(c.clock.now().getTime() + 300 * 60_000).toISOString()
    const endsAt = new Date(c.clock.now().getTime() + 400 * 60_000).toISOString()
    const counts = await tableCounts(c.db)
    const byElder = await c.call('POST', '/api/v1/timebank/requests', { token: zhao, body: { serviceType: 'cleaning', startsAt, endsAt, estimateMinutes: 60, volunteersNeeded: 2 } })
    expect(byElder.status).toBe(403)
    for (const bad of [0, 21, 1.5, '2']) {
      const res = await c.call('POST', '/api/v1/timebank/requests', {
        token: staff,
        body: { elderId: await userId(c, '13800000004'), serviceType: 'cleaning', startsAt, endsAt, estimateMinutes: 60, volunteersNeeded: bad },
      })
      expect(res.status).toBe(400)
      expect(res.body.error.details.fields.volunteersNeeded).toBeDefined()
    }
    expect(await tableCounts(c.db)).toEqual(counts)

    // staff turn an open one-volunteer request into a group of 2
    const single = await newRequest(c, zhao, { inMinutes: 300 })
    expect((await c.call('POST', `/api/v1/timebank/requests/${single.id}/places`, { token: zhao, body: { volunteersNeeded: 2 } })).status).toBe(404)
    const made = await c.call('POST', `/api/v1/timebank/requests/${single.id}/places`, { token: staff, body: { volunteersNeeded: 2 } })
    expect(made.body).toMatchObject({ volunteersNeeded: 2, placesTaken: 0 })
    await c.call('POST', `/api/v1/timebank/requests/${single.id}/accept`, { token: v.token, body: {} })
    const tooFew = await c.call('POST', `/api/v1/timebank/requests/${single.id}/places`, { token: staff, body: { volunteersNeeded: 1 } })
    expect(tooFew.status).toBe(422)
    expect(tooFew.body.error.code).toBe('PLACES_INVALID')
    // full (2 of 2) → raising to 3 reopens the group for one more volunteer; a taken single request cannot be changed
    const [w] = await volunteers(c, 1, '1360142')
    await c.call('POST', `/api/v1/timebank/requests/${single.id}/accept`, { token: w.token, body: {} })
    expect((await c.call('GET', `/api/v1/timebank/requests/${single.id}`, { token: staff })).body).toMatchObject({ status: 'accepted', placesTaken: 2 })
    const more = await c.call('POST', `/api/v1/timebank/requests/${single.id}/places`, { token: staff, body: { volunteersNeeded: 3 } })
    expect(more.body).toMatchObject({ status: 'open', volunteersNeeded: 3, placesTaken: 2 })
    const taken = await newRequest(c, zhao, { inMinutes: 300 })
    await c.call('POST', `/api/v1/timebank/requests/${taken.id}/accept`, { token: v.token, body: {} })
    expect((await c.call('POST', `/api/v1/timebank/requests/${taken.id}/places`, { token: staff, body: { volunteersNeeded: 2 } })).status).toBe(409)
  })

  it('30 volunteers race for 3 places: exactly 3 places are taken, 27 clean 409s', async () => {
    const c = ctx()
    onDay(c, 43)
    const staff = await c.login('staff01')
    const vs = await volunteers(c, 30, '1360043')
    const group = await groupRequest(c, staff, 3)
    const answers = await Promise.all(vs.map((v) => c.call('POST', `/api/v1/timebank/requests/${group.id}/accept`, { token: v.token, body: {} })))
    expect(answers.filter((a) => a.status === 200)).toHaveLength(3)
    const lost = answers.filter((a) => a.status !== 200)
    expect(lost).toHaveLength(27)
    expect(lost.every((a) => a.status === 409 && a.body.error.code === 'REQUEST_PLACES_FULL')).toBe(true)
    const row = await c.db.kysely.selectFrom('timebank_requests').select(['places_taken', 'status']).where('id', '=', group.id).executeTakeFirstOrThrow()
    expect(row).toEqual({ places_taken: 3, status: 'accepted' })
    const places = await sql<{ n: number }>`SELECT count(*)::int AS n FROM timebank_requests WHERE parent_id = ${group.id} AND status <> 'cancelled'`.execute(c.db.kysely)
    expect(places.rows[0].n).toBe(3)
  })
})

describeEachDb('时间银行: nearby, far check-in review, adjustments', (ctx) => {
  it('nearby: open requests with coordinates within the radius, nearest first, filtered by type and time; bad position 400', async () => {
    const c = ctx()
    onDay(c, 50)
    const [v] = await volunteers(c, 1, '1360050')
    const zhao = await c.login('13800000004')
    const post = async (lat: number, lng: number, serviceType: string, inMinutes: number) => {
      const startsAt = new Date(c.clock.now().getTime() + inMinutes * 60_000)
      const res = await c.call('POST', '/api/v1/timebank/requests', {
        token: zhao,
        body: { serviceType, startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(), estimateMinutes: 30, address: '测试地址', location: { lat, lng } },
      })
      return res.body.id as string
    }
    // inside the demo street's box (requests outside the street are refused since input limits)
    const here = { lat: 31.2, lng: 121.432 }
    const m500 = await post(31.2045, 121.432, 'shopping', 120) // ~500 m north
    const m100 = await post(31.2009, 121.432, 'repair', 240) // ~100 m
    const m2000 = await post(31.2, 121.453, 'shopping', 60) // ~2 km east
    // ~9 km: outside 3 km. No new request can be that far from the street, so one is moved there as
    // a request saved before the rule would be
    const m9000 = await post(31.2, 121.432, 'shopping', 60)
    await c.db.kysely.updateTable('timebank_requests').set({ lat: 31.281 }).where('id', '=', m9000).execute()
    const q = (extra: string) => c.call('GET', `/api/v1/timebank/requests?lat=${here.lat}&lng=${here.lng}&limit=100${extra}`, { token: v.token })
    const near = await q('')
    const ids = near.body.items.map((r: { id: string }) => r.id).filter((id: string) => [m500, m100, m2000, m9000].includes(id))
    expect(ids).toEqual([m100, m500, m2000])
    const d = Object.fromEntries(near.body.items.map((r: { id: string; distanceM: number }) => [r.id, r.distanceM]))
    expect(d[m100]).toBeGreaterThan(80)
    expect(d[m100]).toBeLessThan(120)
    expect(d[m2000]).toBeGreaterThan(1900)
    expect(d[m2000]).toBeLessThan(2100)
    expect((await q('&serviceType=shopping')).body.items.map((r: { id: string }) => r.id).filter((id: string) => [m500, m100, m2000].includes(id))).toEqual([m500, m2000])
    const soon = new Date(c.clock.now().getTime() + 150 * 60_000).toISOString()
    expect((await q(`&to=${encodeURIComponent(soon)}`)).body.items.map((r: { id: string }) => r.id).filter((id: string) => [m500, m100, m2000].includes(id))).toEqual([m500, m2000])
    expect((await q('&radiusM=10000')).body.items.map((r: { id: string }) => r.id)).toContain(m9000)
    for (const bad of [`?lat=31.3`, `?lat=91&lng=121`, `?lat=abc&lng=121`, `?lat=31&lng=121&radiusM=5`]) {
      const res = await c.call('GET', `/api/v1/timebank/requests${bad}`, { token: v.token })
      expect(res.status).toBe(400)
    }
  })

  it('far check-in with an explanation waits for staff review: no confirmation or auto-confirmation until approved', async () => {
    const c = ctx()
    onDay(c, 51)
    const zhao = await c.login('13800000004')
    const staff = await c.login('staff01')
    const [v] = await volunteers(c, 1, '1360051')
    const req = await newRequest(c, zhao, { inMinutes: 30 })
    await c.call('POST', `/api/v1/timebank/requests/${req.id}/accept`, { token: v.token, body: {} })
    const counts = await tableCounts(c.db)
    const refused = await c.call('POST', `/api/v1/timebank/requests/${req.id}/check-in`, { token: v.token, body: { location: FAR_AWAY } })
    expect(refused.status).toBe(422)
    expect(refused.body.error).toMatchObject({ code: 'CHECKIN_TOO_FAR', details: { reviewPossible: true } })
    expect((await c.call('POST', `/api/v1/timebank/requests/${req.id}/check-in`, { token: v.token, body: { location: FAR_AWAY, farReason: '' } })).status).toBe(400)
    expect(await tableCounts(c.db)).toEqual(counts)

    const far = await c.call('POST', `/api/v1/timebank/requests/${req.id}/check-in`, { token: v.token, body: { location: FAR_AWAY, farReason: '手机定位漂移，我已在老人家中' } })
    expect(far.body).toMatchObject({ status: 'in_service', checkInReview: 'pending' })
    expect(far.body.checkInDistanceM).toBeGreaterThan(1000)
    c.clock.advance(60)
    await c.call('POST', `/api/v1/timebank/requests/${req.id}/check-out`, { token: v.token, body: { location: AT_ZHAO } })
    const blocked = await c.call('POST', `/api/v1/timebank/requests/${req.id}/confirm`, { token: zhao, body: { rating: 5 } })
    expect(blocked.status).toBe(409)
    expect(blocked.body.error.code).toBe('CHECKIN_REVIEW_PENDING')
    // 80 h later the auto-confirmation does nothing while the review is pending
    await tick(c.deps, new Date(c.clock.now().getTime() + 80 * 3_600_000))
    expect((await c.call('GET', `/api/v1/timebank/requests/${req.id}`, { token: zhao })).body.status).toBe('awaiting_confirmation')
    expect(await balanceOf(c, v.id)).toBe(0)

    const queue = await c.call('GET', '/api/v1/staff/timebank/requests?status=review', { token: staff })
    expect(queue.body.items.map((r: { id: string }) => r.id)).toContain(req.id)
    expect((await c.call('POST', `/api/v1/timebank/requests/${req.id}/review-check-in`, { token: v.token, body: { decision: 'approve' } })).status).toBe(404)
    const ok = await c.call('POST', `/api/v1/timebank/requests/${req.id}/review-check-in`, { token: staff, body: { decision: 'approve', reason: '电话核实老人确认' } })
    expect(ok.body).toMatchObject({ checkInReview: 'approved' })
    expect((await c.call('POST', `/api/v1/timebank/requests/${req.id}/review-check-in`, { token: staff, body: { decision: 'approve' } })).status).toBe(409)
    // approval schedules the auto-confirmation again
    await tick(c.deps, new Date(c.clock.now().getTime() + 81 * 3_600_000))
    expect((await c.call('GET', `/api/v1/timebank/requests/${req.id}`, { token: zhao })).body).toMatchObject({ status: 'confirmed', creditedMinutes: 60 })
    expect(await balanceOf(c, v.id)).toBe(60)
    const audit = await c.db.kysely.selectFrom('audit_log').select('action').where('subject_id', '=', v.id).where('action', '=', 'timebank.checkin_approve').execute()
    expect(audit).toHaveLength(1)
    await expectTimebankInvariants(c)
  })

  it('far check-out: refused without a word, with an explanation it waits for the same staff review', async () => {
    const c = ctx()
    onDay(c, 54)
    const zhao = await c.login('13800000004')
    const staff = await c.login('staff01')
    const [v] = await volunteers(c, 1, '1360054')
    const req = await newRequest(c, zhao, { inMinutes: 30 })
    await c.call('POST', `/api/v1/timebank/requests/${req.id}/accept`, { token: v.token, body: {} })
    await c.call('POST', `/api/v1/timebank/requests/${req.id}/check-in`, { token: v.token, body: { location: AT_ZHAO } })
    c.clock.advance(45)
    const counts = await tableCounts(c.db)
    const refused = await c.call('POST', `/api/v1/timebank/requests/${req.id}/check-out`, { token: v.token, body: { location: FAR_AWAY } })
    expect(refused.status).toBe(422)
    expect(await tableCounts(c.db)).toEqual(counts)
    const out = await c.call('POST', `/api/v1/timebank/requests/${req.id}/check-out`, { token: v.token, body: { location: FAR_AWAY, farReason: '送老人去了女儿家' } })
    expect(out.body).toMatchObject({ status: 'awaiting_confirmation', minutes: 45, checkInReview: 'pending' })
    expect(out.body.checkInReviewReason).toContain('送老人去了女儿家')
    expect((await c.call('POST', `/api/v1/timebank/requests/${req.id}/confirm`, { token: zhao, body: { rating: 5 } })).body.error.code).toBe('CHECKIN_REVIEW_PENDING')
    await c.call('POST', `/api/v1/timebank/requests/${req.id}/review-check-in`, { token: staff, body: { decision: 'approve' } })
    const ok = await c.call('POST', `/api/v1/timebank/requests/${req.id}/confirm`, { token: zhao, body: { rating: 5 } })
    expect(ok.body).toMatchObject({ status: 'confirmed', creditedMinutes: 45 })
    expect(await balanceOf(c, v.id)).toBe(45)
  })

  it('staff reject a far check-in with a reason (needed): the service is not counted', async () => {
    const c = ctx()
    onDay(c, 52)
    const zhao = await c.login('13800000004')
    const staff = await c.login('staff01')
    const [v] = await volunteers(c, 1, '1360052')
    const req = await newRequest(c, zhao, { inMinutes: 30 })
    await c.call('POST', `/api/v1/timebank/requests/${req.id}/accept`, { token: v.token, body: {} })
    await c.call('POST', `/api/v1/timebank/requests/${req.id}/check-in`, { token: v.token, body: { location: FAR_AWAY, farReason: '在楼下' } })
    const counts = await tableCounts(c.db)
    const noReason = await c.call('POST', `/api/v1/timebank/requests/${req.id}/review-check-in`, { token: staff, body: { decision: 'reject' } })
    expect(noReason.status).toBe(400)
    expect(noReason.body.error.details.fields.reason).toBeDefined()
    expect(await tableCounts(c.db)).toEqual(counts)
    const no = await c.call('POST', `/api/v1/timebank/requests/${req.id}/review-check-in`, { token: staff, body: { decision: 'reject', reason: '老人说志愿者没有上门' } })
    expect(no.body).toMatchObject({ status: 'rejected', checkInReview: 'rejected', checkInReviewReason: '老人说志愿者没有上门', creditedMinutes: 0 })
    c.clock.advance(60)
    expect((await c.call('POST', `/api/v1/timebank/requests/${req.id}/check-out`, { token: v.token, body: { location: AT_ZHAO } })).status).toBe(409)
    expect(await balanceOf(c, v.id)).toBe(0)
  })

  it('staff adjust minutes with a reason: journal, audit, Idempotency-Key replay; never below zero; bad input 400 — nothing written', async () => {
    const c = ctx()
    onDay(c, 53)
    const staff = await c.login('staff01')
    const [v] = await volunteers(c, 1, '1360053')
    const wang = await c.login('13800000001')
    const headers = { 'Idempotency-Key': `adjust-${v.id.slice(0, 8)}-1` }
    const add = await c.call('POST', '/api/v1/staff/timebank/adjustments', { token: staff, headers, body: { userId: v.id, minutes: 90, reason: '补记 10 月纸质登记' } })
    expect(add.status).toBe(201)
    expect(add.body).toMatchObject({ minutes: 90, balanceMinutes: 90 })
    const replay = await c.call('POST', '/api/v1/staff/timebank/adjustments', { token: staff, headers, body: { userId: v.id, minutes: 90, reason: '补记 10 月纸质登记' } })
    expect(replay.body.journalId).toBe(add.body.journalId)
    expect(await balanceOf(c, v.id)).toBe(90)
    const j = await c.db.kysely.selectFrom('timebank_journals').select(['kind', 'reason', 'actor_id', 'subject_id']).where('id', '=', add.body.journalId).executeTakeFirstOrThrow()
    expect(j).toMatchObject({ kind: 'adjust', reason: '补记 10 月纸质登记', subject_id: v.id })
    const audit = await c.db.kysely.selectFrom('audit_log').select('action').where('subject_id', '=', v.id).where('action', '=', 'timebank.adjust').execute()
    expect(audit).toHaveLength(1)

    const counts = await tableCounts(c.db)
    const tooMuch = await c.call('POST', '/api/v1/staff/timebank/adjustments', { token: staff, body: { userId: v.id, minutes: -91, reason: '误记' } })
    expect(tooMuch.status).toBe(422)
    expect(tooMuch.body.error.code).toBe('INSUFFICIENT_MINUTES')
    for (const body of [
      { userId: v.id, minutes: 0, reason: '零' },
      { userId: v.id, minutes: 1.5, reason: '小数' },
      { userId: v.id, minutes: 10 },
      { userId: v.id, minutes: 10, reason: '   ' },
      { userId: 'nope', minutes: 10, reason: 'x' },
    ]) {
      expect((await c.call('POST', '/api/v1/staff/timebank/adjustments', { token: staff, body })).status).toBe(400)
    }
    // a resident is not staff; another community's person is not found
    expect((await c.call('POST', '/api/v1/staff/timebank/adjustments', { token: wang, body: { userId: v.id, minutes: 10, reason: '自己加' } })).status).toBe(404)
    expect(await tableCounts(c.db)).toEqual(counts)
    const other = await addPerson(c, { name: '外社区', phone: '13600539999', birthDate: '1980-01-01', community: '高安社区' })
    expect((await c.call('POST', '/api/v1/staff/timebank/adjustments', { token: staff, body: { userId: other, minutes: 10, reason: 'x' } })).status).toBe(404)
    const taken = await c.call('POST', '/api/v1/staff/timebank/adjustments', { token: staff, body: { userId: v.id, minutes: -30, reason: '重复登记' } })
    expect(taken.body.balanceMinutes).toBe(60)
    await expectTimebankInvariants(c)
  })
})

describeEachDb('时间银行: certificate image, volunteer verification, monthly report', (ctx) => {
  it('the certificate as a PNG: decodes, has the expected size, and is public by code; a bad code is 404', async () => {
    const c = ctx()
    onDay(c, 60)
    const zhao = await c.login('13800000004')
    const [v] = await volunteers(c, 1, '1360060')
    const req = await newRequest(c, zhao, { inMinutes: 30 })
    await serve(c, v.token, req.id, 95)
    await c.call('POST', `/api/v1/timebank/requests/${req.id}/confirm`, { token: zhao, body: { rating: 5 } })
    const cert = await c.call('POST', '/api/v1/me/timebank/certificates', { token: v.token })
    expect(cert.status).toBe(201)
    expect(cert.body).toMatchObject({ totalMinutes: 95, imagePath: `/api/v1/timebank/certificates/${cert.body.code}/image.png` })
    // the period starts at the first service (its check-in), not when the certificate was asked for
    expect(cert.body.periodFrom).toBe(new Date(c.clock.now().getTime() - 95 * 60_000).toISOString())
    const res = await c.app.request(cert.body.imagePath)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/png')
    const bytes = Buffer.from(await res.arrayBuffer())
    const meta = await sharp(bytes).metadata()
    expect(meta).toMatchObject({ format: 'png', width: CERTIFICATE_WIDTH, height: CERTIFICATE_HEIGHT })
    // not a blank page: the image has dark ink (text, QR) on the light paper
    const stats = await sharp(bytes).stats()
    expect(stats.channels[0].min).toBeLessThan(80)
    expect(stats.channels[0].max).toBeGreaterThan(200)
    // public and costly to draw: asked again it is served from memory, and a browser holding it gets 304
    const etag = res.headers.get('etag')!
    expect(etag).toMatch(/^"[\w-]+"$/)
    const drawn = certificateCacheStats().renders
    const again = await c.app.request(cert.body.imagePath)
    expect([again.status, again.headers.get('etag')]).toEqual([200, etag])
    expect(Buffer.from(await again.arrayBuffer()).equals(bytes)).toBe(true)
    const cached = await c.app.request(cert.body.imagePath, { headers: { 'if-none-match': etag } })
    expect([cached.status, (await cached.arrayBuffer()).byteLength]).toEqual([304, 0])
    expect(certificateCacheStats().renders).toBe(drawn)
    expect((await c.app.request('/api/v1/timebank/certificates/AAAAAAAAAAAA/image.png')).status).toBe(404)
    expect((await c.app.request('/api/v1/timebank/certificates/bad/image.png')).status).toBe(404)
  })

  it('volunteer verification: a resident applies (pledge needed), staff verify 18+ (role given) or decline with a reason', async () => {
    const c = ctx()
    onDay(c, 61)
    const staff = await c.login('staff01')
    const adultId = await addPerson(c, { name: '周敏', phone: '13600610001', birthDate: '1995-03-03' })
    const teenId = await addPerson(c, { name: '小周', phone: '13600610002', birthDate: '2010-03-03' })
    const adult = await c.login('13600610001')
    const teen = await c.login('13600610002')
    expect((await c.call('GET', '/api/v1/timebank/requests', { token: adult })).status).toBe(403)
    const counts = await tableCounts(c.db)
    expect((await c.call('POST', '/api/v1/me/timebank/volunteer-application', { token: adult, body: { skills: '修电脑' } })).status).toBe(400)
    expect(await tableCounts(c.db)).toEqual(counts)
    const app = await c.call('POST', '/api/v1/me/timebank/volunteer-application', { token: adult, body: { pledge: true, skills: '修电脑' } })
    expect(app.status).toBe(201)
    expect((await c.call('POST', '/api/v1/me/timebank/volunteer-application', { token: adult, body: { pledge: true } })).status).toBe(409)
    const teenApp = await c.call('POST', '/api/v1/me/timebank/volunteer-application', { token: teen, body: { pledge: true } })

    const list = await c.call('GET', '/api/v1/staff/timebank/volunteer-applications', { token: staff })
    const mine = list.body.items.filter((a: { userId: string }) => [adultId, teenId].includes(a.userId))
    expect(mine.map((a: { name: string; age: number }) => [a.name, a.age])).toEqual([
      ['周敏', 31],
      ['小周', 16],
    ])
    expect((await c.call('GET', '/api/v1/staff/timebank/volunteer-applications', { token: adult })).status).toBe(403)
    const young = await c.call('POST', `/api/v1/staff/timebank/volunteer-applications/${teenApp.body.id}/decide`, { token: staff, body: { decision: 'verify' } })
    expect(young.status).toBe(422)
    expect(young.body.error.code).toBe('VOLUNTEER_TOO_YOUNG')
    expect((await c.call('POST', `/api/v1/staff/timebank/volunteer-applications/${teenApp.body.id}/decide`, { token: staff, body: { decision: 'reject' } })).status).toBe(400)
    const declined = await c.call('POST', `/api/v1/staff/timebank/volunteer-applications/${teenApp.body.id}/decide`, { token: staff, body: { decision: 'reject', reason: '年满 18 周岁后欢迎再申请' } })
    expect(declined.body).toMatchObject({ status: 'rejected', reason: '年满 18 周岁后欢迎再申请' })
    const ok = await c.call('POST', `/api/v1/staff/timebank/volunteer-applications/${app.body.id}/decide`, { token: staff, body: { decision: 'verify' } })
    expect(ok.body.status).toBe('verified')
    expect((await c.call('POST', `/api/v1/staff/timebank/volunteer-applications/${app.body.id}/decide`, { token: staff, body: { decision: 'verify' } })).status).toBe(409)
    // a fresh login carries the new role: the 接单 list opens
    const again = await c.login('13600610001')
    expect((await c.call('GET', '/api/v1/timebank/requests', { token: again })).status).toBe(200)
    expect((await c.call('GET', '/api/v1/me/timebank/volunteer-application', { token: again })).body.application.status).toBe('verified')
  })

  it('monthly hours report: confirmed services and adjustments of the month per volunteer, and the same as xlsx', async () => {
    const c = ctx()
    onDay(c, 62) // 2027-01-28
    const zhao = await c.login('13800000004')
    const staff = await c.login('staff01')
    const [a, b] = await volunteers(c, 2, '1360062')
    for (const [v, minutes] of [
      [a, 60],
      [b, 45],
      [a, 30],
    ] as const) {
      const req = await newRequest(c, zhao, { inMinutes: 30 })
      await serve(c, v.token, req.id, minutes)
      await c.call('POST', `/api/v1/timebank/requests/${req.id}/confirm`, { token: zhao, body: { rating: 5 } })
    }
    await c.call('POST', '/api/v1/staff/timebank/adjustments', { token: staff, body: { userId: b.id, minutes: 20, reason: '补记' } })
    const month = '2027-01'
    const report = await c.call('GET', `/api/v1/staff/timebank/reports/monthly?month=${month}`, { token: staff })
    expect(report.status).toBe(200)
    const row = (id: string) => report.body.rows.find((r: { volunteerId: string }) => r.volunteerId === id)
    expect(row(a.id)).toMatchObject({ services: 2, minutes: 90, adjustMinutes: 0, communityName: '东湖社区' })
    expect(row(b.id)).toMatchObject({ services: 1, minutes: 45, adjustMinutes: 20 })
    expect((await c.call('GET', '/api/v1/staff/timebank/reports/monthly?month=2026-13', { token: staff })).status).toBe(400)
    expect((await c.call('GET', `/api/v1/staff/timebank/reports/monthly?month=${month}`, { token: a.token })).status).toBe(403)
    expect((await c.call('GET', '/api/v1/staff/timebank/reports/monthly?month=2026-01', { token: staff })).body.rows).toEqual([])

    const res = await c.app.request(`/api/v1/staff/timebank/reports/monthly.xlsx?month=${month}`, { headers: { authorization: `Bearer ${staff}` } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('spreadsheetml')
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer)
    const sheet = book.worksheets[0]
    const rows: unknown[][] = []
    sheet.eachRow((r) => rows.push((r.values as unknown[]).slice(1)))
    expect(rows[0]).toEqual(['社区', '志愿者', '服务次数', '记入分钟', '记入小时', '社区调整（分钟）'])
    expect(rows).toContainEqual(['东湖社区', a.id ? '志愿者620' : '', 2, 90, 1.5, 0])
    expect(rows.at(-1)?.slice(0, 4)).toEqual(['合计', undefined, report.body.totalServices, report.body.totalMinutes])
  })
})
