import { describeEachDb } from '../helpers/app'
import { activeBookings, campaignWithSessions, makeElders, sessionRow } from './checkups-helpers'

/**
 * Booking and accepting an offer store their Idempotency-Key answer in the booking statement
 * itself (idempotentWithWrite): a retry gets the first answer, success or refusal, and books once.
 */
describeEachDb('体检预约: Idempotency-Key on booking and accepting an offer', (ctx) => {
  it('a refusal is the answer to its key: once a place frees up the same key still says full, a new key books', async () => {
    const c = ctx()
    const staff = await c.login('staff01')
    const { sessions } = await campaignWithSessions(c, staff, { year: 2031, date: '2026-12-18', capacity: 1, slots: 1 })
    const [a, b] = await makeElders(c, 2, { prefix: '键' })
    const s = sessions[0].id
    const first = await c.call('POST', '/api/v1/checkups/bookings', { token: a.token, body: { elderId: a.id, sessionId: s } })
    expect(first.status).toBe(201)
    const key = { 'idempotency-key': 'full-then-free-1' }
    const full = await c.call('POST', '/api/v1/checkups/bookings', { token: b.token, headers: key, body: { elderId: b.id, sessionId: s } })
    expect(full.status).toBe(409)
    expect(full.body.error.code).toBe('SESSION_FULL')
    // a reconfigured capacity frees a place; the retried request is still the refused one
    await c.db.kysely.updateTable('checkup_sessions').set({ capacity: 2 }).where('id', '=', s).execute()
    const retried = await c.call('POST', '/api/v1/checkups/bookings', { token: b.token, headers: key, body: { elderId: b.id, sessionId: s } })
    expect(retried).toEqual({ status: 409, body: full.body })
    expect(await sessionRow(c, s)).toMatchObject({ booked: 1 })
    const fresh = await c.call('POST', '/api/v1/checkups/bookings', { token: b.token, headers: { 'idempotency-key': 'full-then-free-2' }, body: { elderId: b.id, sessionId: s } })
    expect(fresh.status).toBe(201)
    // the same key with another body is refused, and books nothing
    const reused = await c.call('POST', '/api/v1/checkups/bookings', { token: b.token, headers: key, body: { elderId: b.id, sessionId: sessions[0].id, channel: 'phone' } })
    expect(reused.status).toBe(409)
    expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED')
    expect(await activeBookings(c, s)).toBe(2)
  })

  it('two copies of one booking sent together: one booking, both answered with it', async () => {
    const c = ctx()
    const staff = await c.login('staff01')
    const { sessions } = await campaignWithSessions(c, staff, { year: 2032, date: '2026-12-18', capacity: 5, slots: 1 })
    const [a] = await makeElders(c, 1, { prefix: '双击' })
    const send = () => c.call('POST', '/api/v1/checkups/bookings', { token: a.token, headers: { 'idempotency-key': 'double-tap-0001' }, body: { elderId: a.id, sessionId: sessions[0].id } })
    const [one, two] = await Promise.all([send(), send()])
    expect([one.status, two.status]).toEqual([201, 201])
    expect(two.body.id).toBe(one.body.id)
    expect(await sessionRow(c, sessions[0].id)).toMatchObject({ booked: 1 })
    expect(await activeBookings(c, sessions[0].id)).toBe(1)
  })

  it('accepting an offer goes through the booking path: the held place, one notice, a retry replays', async () => {
    const c = ctx()
    const staff = await c.login('staff01')
    const { sessions } = await campaignWithSessions(c, staff, { year: 2033, date: '2026-12-18', capacity: 1, slots: 1 })
    const [a, b] = await makeElders(c, 2, { prefix: '接受' })
    const s = sessions[0].id
    const first = await c.call('POST', '/api/v1/checkups/bookings', { token: a.token, body: { elderId: a.id, sessionId: s } })
    const wait = await c.call('POST', '/api/v1/checkups/waitlist', { token: b.token, body: { elderId: b.id, sessionId: s } })
    expect((await c.call('POST', `/api/v1/checkups/bookings/${first.body.id}/cancel`, { token: a.token })).status).toBe(200)
    const key = { 'idempotency-key': 'accept-offer-01' }
    const accepted = await c.call('POST', `/api/v1/checkups/waitlist/${wait.body.id}/accept`, { token: b.token, headers: key })
    expect(accepted.status).toBe(201)
    expect(accepted.body).toMatchObject({ channel: 'waitlist', status: 'booked', elderId: b.id, session: { id: s } })
    const again = await c.call('POST', `/api/v1/checkups/waitlist/${wait.body.id}/accept`, { token: b.token, headers: key })
    expect(again).toEqual({ status: 201, body: accepted.body })
    // without the key a second accept finds the offer gone
    const late = await c.call('POST', `/api/v1/checkups/waitlist/${wait.body.id}/accept`, { token: b.token })
    expect(late.status).toBe(409)
    expect(await sessionRow(c, s)).toMatchObject({ booked: 1 })
    expect(await activeBookings(c, s)).toBe(1)
    const entry = await c.db.kysely.selectFrom('checkup_waitlist').select(['status', 'booking_id']).where('id', '=', wait.body.id).executeTakeFirstOrThrow()
    expect(entry).toEqual({ status: 'accepted', booking_id: accepted.body.id })
    const notices = await c.db.kysely.selectFrom('notices').select('title').where('user_id', '=', b.id).where('kind', '=', 'checkup.booked').execute()
    expect(notices).toEqual([{ title: '候补成功，体检已预约' }])
    const reminder = await c.db.kysely.selectFrom('jobs').select('kind').where('dedupe_key', '=', `checkups.remind:${accepted.body.id}:${s}`).execute()
    expect(reminder).toHaveLength(1)
  })
})
