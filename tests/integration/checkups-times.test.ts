import { describeEachDb } from '../helpers/app'
import { tableCounts } from '../helpers/db'
import { tick } from '../../cloud/app'
import { communityId, makeElders } from './checkups-helpers'
import type { TestContext } from '../helpers/app'

/** A 东湖 campaign open now with one day of hourly sessions from `dayStart`. */
async function campaign(c: TestContext, staff: string, o: { year: number; date: string; dayStart: string; slots: number; fasting?: string }) {
  const k = await c.call('POST', '/api/v1/staff/checkups/campaigns', {
    token: staff,
    body: {
      communityId: await communityId(c, '东湖社区'),
      year: o.year,
      title: `${o.year}年体检`,
      releaseAt: c.clock.now().toISOString(),
      heldBack: 0,
      ...(o.fasting !== undefined ? { fasting: o.fasting } : {}),
    },
  })
  expect(k.status).toBe(201)
  const end = `${String(Number(o.dayStart.slice(0, 2)) + o.slots).padStart(2, '0')}:00`
  const s = await c.call('POST', `/api/v1/staff/checkups/campaigns/${k.body.id}/sessions`, {
    token: staff,
    body: { from: o.date, to: o.date, weekdaysOnly: false, dayStart: o.dayStart, dayEnd: end, slotMinutes: 60, capacity: 5, place: '东湖社区卫生服务站' },
  })
  expect(s.status).toBe(201)
  return s.body.items as { id: string; startsAt: string }[]
}

describeEachDb('体检预约: times a family reads (issue 14 · 5)', (ctx) => {
  it('a fasting session closes for online booking at 22:00 the evening before, in Chinese, nothing written; the counter can still book', async () => {
    const c = ctx()
    c.clock.set('2026-12-09T13:59:00Z') // 21:59 in Shanghai on 12月9日
    const staff = await c.login('staff01')
    const sessions = await campaign(c, staff, { year: 2041, date: '2026-12-10', dayStart: '08:00', slots: 1 })
    const [a, b, d] = await makeElders(c, 3, { prefix: '空腹老人' })
    expect((await c.call('POST', '/api/v1/checkups/bookings', { token: a.token, body: { elderId: a.id, sessionId: sessions[0].id } })).status).toBe(201)

    const offered = async (token: string) =>
      ((await c.call('GET', `/api/v1/checkups/campaigns/${(sessions[0] as unknown as { campaignId: string }).campaignId}/sessions`, { token })).body.items as { id: string }[]).map((s) => s.id)
    expect(await offered(b.token)).toContain(sessions[0].id)

    c.clock.set('2026-12-09T14:00:00Z') // 22:00: the fasting has begun
    // no longer offered to residents and families (a tap would only be refused); staff still see it
    expect(await offered(b.token)).not.toContain(sessions[0].id)
    expect(await offered(staff)).toContain(sessions[0].id)
    const counts = await tableCounts(c.db)
    const late = await c.call('POST', '/api/v1/checkups/bookings', { token: b.token, body: { elderId: b.id, sessionId: sessions[0].id } })
    expect(late.status).toBe(422)
    expect(late.body.error.code).toBe('BOOKING_CLOSED_FASTING')
    expect(late.body.error.message).toBe('这一场要求空腹（体检前一晚 22:00 后不要吃东西，早上可以少量喝水），网上预约在 12月9日 22:00 已截止，请选择以后的场次或到社区窗口办理')
    expect(await tableCounts(c.db)).toEqual(counts)

    // at the counter staff ask the elder (they see whether he has eaten) and may book
    const counter = await c.call('POST', '/api/v1/checkups/bookings', { token: staff, body: { elderId: d.id, sessionId: sessions[0].id, channel: 'counter' } })
    expect(counter.status).toBe(201)
  })

  it('a session without fasting stays open until it starts; the time named in the instructions is the cut-off', async () => {
    const c = ctx()
    c.clock.set('2026-12-10T00:30:00Z') // 08:30 on 12月10日
    const staff = await c.login('staff01')
    const plain = await campaign(c, staff, { year: 2042, date: '2026-12-10', dayStart: '14:00', slots: 1, fasting: '' })
    const [a] = await makeElders(c, 1, { prefix: '不空腹老人' })
    expect((await c.call('POST', '/api/v1/checkups/bookings', { token: a.token, body: { elderId: a.id, sessionId: plain[0].id } })).status).toBe(201)

    const evening = await campaign(c, staff, { year: 2043, date: '2026-12-12', dayStart: '08:00', slots: 1, fasting: '前一晚 20:30 以后不要吃东西' })
    c.clock.set('2026-12-11T12:30:00Z') // 20:30 on 12月11日
    const [b] = await makeElders(c, 1, { prefix: '晚饭老人' })
    const late = await c.call('POST', '/api/v1/checkups/bookings', { token: b.token, body: { elderId: b.id, sessionId: evening[0].id } })
    expect(late.body.error.code).toBe('BOOKING_CLOSED_FASTING')
    expect(late.body.error.message).toContain('12月11日 20:30 已截止')
  })

  it('a same-day reschedule is reminded as 今天, never 明天; the reminder the day before still says 明天', async () => {
    const c = ctx()
    c.clock.set('2026-12-05T01:00:00Z') // 09:00 on 12月5日
    const staff = await c.login('staff01')
    const sessions = await campaign(c, staff, { year: 2044, date: '2026-12-06', dayStart: '13:00', slots: 3, fasting: '' })
    const [a] = await makeElders(c, 1, { prefix: '改约老人' })
    const booked = await c.call('POST', '/api/v1/checkups/bookings', { token: a.token, body: { elderId: a.id, sessionId: sessions[0].id } })
    expect(booked.status).toBe(201)
    c.clock.set('2026-12-05T02:00:00Z') // 10:00 the day before: the reminder
    await tick(c.deps, c.clock.now())
    const first = await c.db.kysely.selectFrom('notices').select(['title', 'body']).where('user_id', '=', a.id).where('kind', '=', 'checkup.reminder').execute()
    expect(first).toEqual([{ title: '明天体检', body: expect.stringMatching(/^明天 12月6日 13:00，东湖社区卫生服务站。/) }])

    // on the 6th at 11:00 staff move him to 15:00 (the cut-off has passed: only staff may); the reminder goes at once
    c.clock.set('2026-12-06T03:00:00Z')
    const moved = await c.call('POST', `/api/v1/checkups/bookings/${booked.body.id}/reschedule`, { token: staff, body: { sessionId: sessions[2].id } })
    expect(moved.status).toBe(200)
    await tick(c.deps, c.clock.now())
    const all = await c.db.kysely.selectFrom('notices').select(['title', 'body', 'created_at']).where('user_id', '=', a.id).where('kind', '=', 'checkup.reminder').orderBy('created_at').execute()
    expect(all).toHaveLength(2)
    expect(all[1].title).toBe('今天体检')
    expect(all[1].body).toMatch(/^今天 12月6日 15:00，/)
    expect(all.map((n) => n.body).join('')).not.toContain('明天 12月6日 15:00')
  })
})
