import { describeEachDb } from '../helpers/app'
import { activeBookings, campaignWithSessions, makeElders, sessionRow } from './checkups-helpers'

/**
 * Capacity under load. On PostgreSQL (DATABASE_URL) the requests really run in parallel over a
 * pool of 20 connections; PGlite serialises them and must give the same answers.
 */
describeEachDb('体检预约 under concurrency', (ctx) => {
  it('500 elders booking a session of 20 at once: exactly 20 booked, 480 told 已约满 with the waitlist offered', async () => {
    const c = ctx()
    const staff = await c.login('staff01')
    const { sessions } = await campaignWithSessions(c, staff, { year: 2031, date: '2026-12-18', capacity: 20, slots: 1 })
    const elders = await makeElders(c, 500, { prefix: '并发' })
    const answers = await Promise.all(elders.map((e) => c.call('POST', '/api/v1/checkups/bookings', { token: e.token, body: { elderId: e.id, sessionId: sessions[0].id } })))
    const statuses = answers.map((a) => a.status)
    expect(statuses.filter((s) => s === 201)).toHaveLength(20)
    const refused = answers.filter((a) => a.status !== 201)
    expect(refused).toHaveLength(480)
    expect(refused.every((a) => a.status === 409 && a.body.error.code === 'SESSION_FULL' && a.body.error.message === '这一场已约满' && a.body.error.details.waitlist === true)).toBe(true)
    expect(await sessionRow(c, sessions[0].id)).toMatchObject({ capacity: 20, booked: 20 })
    expect(await activeBookings(c, sessions[0].id)).toBe(20)
  })

  it('the same elder booking from two devices (and with retries) at once: one booking', async () => {
    const c = ctx()
    const staff = await c.login('staff01')
    const { sessions } = await campaignWithSessions(c, staff, { year: 2032, date: '2026-12-21', capacity: 10, slots: 2 })
    const [elder] = await makeElders(c, 1, { prefix: '双机' })
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => c.call('POST', '/api/v1/checkups/bookings', { token: elder.token, body: { elderId: elder.id, sessionId: sessions[i % 2].id } })),
    )
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1)
    expect(answers.filter((a) => a.status === 409).every((a) => a.body.error.code === 'ALREADY_BOOKED')).toBe(true)
    expect(answers.filter((a) => a.status === 409)).toHaveLength(9)
    const rows = await c.db.kysely.selectFrom('checkup_bookings').select('status').where('elder_id', '=', elder.id).execute()
    expect(rows).toEqual([{ status: 'booked' }])
    // the places taken by the refused attempts were given back
    expect((await sessionRow(c, sessions[0].id)).booked + (await sessionRow(c, sessions[1].id)).booked).toBe(1)
  })

  async function swapSetup(year: number, date: string, capacity: number, perSession: number) {
    const c = ctx()
    const staff = await c.login('staff01')
    const { sessions } = await campaignWithSessions(c, staff, { year, date, capacity, slots: 2 })
    const [a, b] = sessions
    const elders = await makeElders(c, perSession * 2, { prefix: `改约${year}` })
    const bookings: { token: string; elderId: string; bookingId: string; to: string }[] = []
    for (const [i, e] of elders.entries()) {
      const from = i < perSession ? a.id : b.id
      const res = await c.call('POST', '/api/v1/checkups/bookings', { token: e.token, body: { elderId: e.id, sessionId: from } })
      if (res.status !== 201) throw new Error(JSON.stringify(res.body))
      bookings.push({ token: e.token, elderId: e.id, bookingId: res.body.id, to: from === a.id ? b.id : a.id })
    }
    return { c, a, b, elders, bookings }
  }

  async function everyoneHasOneBooking(c: ReturnType<typeof ctx>, elderIds: string[]) {
    const rows = await c.db.kysely.selectFrom('checkup_bookings').select(['elder_id']).where('elder_id', 'in', elderIds).where('status', '=', 'booked').execute()
    expect(rows).toHaveLength(elderIds.length)
    expect(new Set(rows.map((r) => r.elder_id)).size).toBe(elderIds.length)
  }

  it('100 concurrent reschedules between two full sessions: all refused cleanly, nobody loses their place', async () => {
    const { c, a, b, elders, bookings } = await swapSetup(2033, '2026-12-22', 50, 50)
    const answers = await Promise.all(bookings.map((x) => c.call('POST', `/api/v1/checkups/bookings/${x.bookingId}/reschedule`, { token: x.token, body: { sessionId: x.to } })))
    expect(answers.map((x) => x.status).every((s) => s === 409)).toBe(true)
    expect(answers.every((x) => x.body.error.code === 'SESSION_FULL')).toBe(true)
    expect(await sessionRow(c, a.id)).toMatchObject({ booked: 50 })
    expect(await sessionRow(c, b.id)).toMatchObject({ booked: 50 })
    await everyoneHasOneBooking(
      c,
      elders.map((e) => e.id),
    )
  })

  it('100 concurrent reschedules between two nearly full sessions: capacities never exceeded, counters match, one booking each', async () => {
    const { c, a, b, elders, bookings } = await swapSetup(2034, '2026-12-23', 55, 50)
    const answers = await Promise.all(bookings.map((x) => c.call('POST', `/api/v1/checkups/bookings/${x.bookingId}/reschedule`, { token: x.token, body: { sessionId: x.to } })))
    const ok = answers.filter((x) => x.status === 200).length
    expect(ok).toBeGreaterThanOrEqual(5) // at least the free places can always be used
    expect(answers.every((x) => x.status === 200 || (x.status === 409 && x.body.error.code === 'SESSION_FULL'))).toBe(true)
    const [ra, rb] = [await sessionRow(c, a.id), await sessionRow(c, b.id)]
    expect(ra.booked).toBeLessThanOrEqual(55)
    expect(rb.booked).toBeLessThanOrEqual(55)
    expect(ra.booked + rb.booked).toBe(100)
    expect([ra.booked, rb.booked]).toEqual([await activeBookings(c, a.id), await activeBookings(c, b.id)])
    await everyoneHasOneBooking(
      c,
      elders.map((e) => e.id),
    )
  })

  it('overlapping home visits for one staff member scheduled at once: one wins', async () => {
    const c = ctx()
    const staff = await c.login('staff01')
    const health = (await c.db.kysely.selectFrom('users').select('id').where('username', '=', 'health01').executeTakeFirstOrThrow()).id
    const { campaignId } = await campaignWithSessions(c, staff, { year: 2035, date: '2026-12-24', capacity: 5, slots: 1 })
    const elders = await makeElders(c, 8, { prefix: '上门' })
    const visits = []
    for (const e of elders) visits.push((await c.call('POST', '/api/v1/checkups/home-visits', { token: e.token, body: { elderId: e.id, campaignId } })).body.id)
    const answers = await Promise.all(
      visits.map((id, i) =>
        c.call('POST', `/api/v1/checkups/home-visits/${id}/schedule`, {
          token: staff,
          body: { staffId: health, startsAt: `2026-12-05T0${1 + (i % 2)}:00:00Z`, endsAt: `2026-12-05T0${2 + (i % 2)}:30:00Z` },
        }),
      ),
    )
    expect(answers.filter((x) => x.status === 200)).toHaveLength(1)
    expect(answers.filter((x) => x.status === 409).every((x) => x.body.error.code === 'HOME_VISIT_CLASH')).toBe(true)
    expect(answers.filter((x) => x.status === 409)).toHaveLength(7)
  })
})
