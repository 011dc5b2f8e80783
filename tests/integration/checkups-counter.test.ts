import { describeEachDb, TEST_NOW } from '../helpers/app'

describeEachDb("体检 counter: an elder's existing booking is shown before any day is offered", (ctx) => {
  beforeEach(() => ctx().clock.set(TEST_NOW))

  it('staff in scope see the bookings an elder already has; others get 404', async () => {
    const c = ctx()
    const db = c.deps.db.kysely
    const father = await db.selectFrom('users').select('id').where('name', '=', '陈国华').executeTakeFirstOrThrow()
    const staff = await c.login('staff01')
    expect(await c.call('GET', `/api/v1/staff/checkups/elders/${father.id}/bookings`, { token: staff })).toEqual({ status: 200, body: { items: [] } })

    const daughter = await c.login('13800000003')
    const campaigns = await c.call('GET', '/api/v1/checkups/campaigns', { token: daughter })
    const sessions = await c.call('GET', `/api/v1/checkups/campaigns/${campaigns.body.items[0].id}/sessions`, { token: daughter })
    const open = sessions.body.items.find((s: { status: string; remaining: number }) => s.status === 'open' && s.remaining > 0)
    const booked = await c.call('POST', '/api/v1/checkups/bookings', { token: daughter, headers: { 'idempotency-key': 'counter-test-1' }, body: { elderId: father.id, sessionId: open.id } })
    expect(booked.status).toBe(201)

    const seen = await c.call('GET', `/api/v1/staff/checkups/elders/${father.id}/bookings`, { token: staff })
    expect(seen.status).toBe(200)
    expect(seen.body.items).toHaveLength(1)
    expect(seen.body.items[0]).toMatchObject({ elderName: '陈国华', status: 'booked', channel: 'family', session: { id: open.id } })

    for (const who of ['grid01', 'dept01', '13800000001']) {
      const res = await c.call('GET', `/api/v1/staff/checkups/elders/${father.id}/bookings`, { token: await c.login(who) })
      expect(res.status).toBe(404)
      expect(res.body.error.code).toBe('ELDER_NOT_FOUND')
    }
    const bad = await c.call('GET', '/api/v1/staff/checkups/elders/not-a-uuid/bookings', { token: staff })
    expect(bad.status).toBe(404)
  })
})
