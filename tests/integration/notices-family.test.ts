import { describeEachDb } from '../helpers/app'
import { userId } from './timebank-helpers'

/** Issue 14 · 4 and 6: the daughter in another city hears what is done for her father, and every notice opens its object. */
describeEachDb('notices: family follow their elder; every notice has a link', (ctx) => {
  it('陈静 is told when 李强 accepts, checks in and checks out for 陈国华, and when his checkup is done; each notice opens its page', async () => {
    const c = ctx()
    const daughter = await c.login('13800000003')
    const li = await c.login('13800000002')
    const chen = await userId(c, '陈国华')
    const open = await c.call('GET', '/api/v1/timebank/requests', { token: li })
    const req = (open.body.items as { id: string; elderId: string; startsAt: string }[]).find((r) => r.elderId === chen)!
    expect(req).toBeDefined()
    expect((await c.call('POST', `/api/v1/timebank/requests/${req.id}/accept`, { token: li, body: {} })).status).toBe(200)
    c.clock.set(new Date(Date.parse(req.startsAt) - 10 * 60_000))
    const home = await c.db.kysely.selectFrom('timebank_requests').select(['lat', 'lng']).where('id', '=', req.id).executeTakeFirstOrThrow()
    const at = { lat: Number(home.lat ?? 31.2096), lng: Number(home.lng ?? 121.4331) }
    expect((await c.call('POST', `/api/v1/timebank/requests/${req.id}/check-in`, { token: li, body: { location: at } })).status).toBe(200)
    c.clock.advance(60)
    expect((await c.call('POST', `/api/v1/timebank/requests/${req.id}/check-out`, { token: li, body: { location: at } })).status).toBe(200)

    // the checkup: she books, the health centre marks it done
    const health = await c.login('health01')
    const campaigns = await c.call('GET', '/api/v1/checkups/campaigns', { token: daughter })
    const campaign = (campaigns.body.items as { id: string; status: string }[]).find((k) => k.status === 'open')!
    const sessions = await c.call('GET', `/api/v1/checkups/campaigns/${campaign.id}/sessions`, { token: daughter })
    const session = (sessions.body.items as { id: string; remaining: number }[]).find((s) => s.remaining > 0)!
    const mine = await c.call('GET', '/api/v1/me/checkups', { token: daughter })
    let bookingId = (mine.body.bookings as { id: string; elderId: string; status: string }[]).find((b) => b.elderId === chen && b.status === 'booked')?.id
    if (!bookingId) {
      const booked = await c.call('POST', '/api/v1/checkups/bookings', { token: daughter, body: { elderId: chen, sessionId: session.id } })
      expect(booked.status).toBe(201)
      bookingId = booked.body.id
    }
    // on the day, at the health centre
    const detail = await c.call('GET', `/api/v1/checkups/bookings/${bookingId}`, { token: daughter })
    c.clock.set(new Date(Date.parse(detail.body.session.startsAt) - 10 * 60_000))
    expect((await c.call('POST', `/api/v1/checkups/bookings/${bookingId}/check-in`, { token: health, body: {} })).status).toBe(200)
    expect((await c.call('POST', `/api/v1/checkups/bookings/${bookingId}/done`, { token: health, body: {} })).status).toBe(200)

    const notices = await c.call('GET', '/api/v1/me/notices', { token: daughter })
    const items = notices.body.items as { kind: string; title: string; body: string; link: string }[]
    const byKind = (k: string) => items.find((n) => n.kind === k)
    expect(byKind('timebank.accepted')).toMatchObject({ title: '志愿者已接单：陈国华', link: '/packages/timebank/requests/index' })
    expect(byKind('timebank.checked_in')).toMatchObject({ title: '志愿者已到陈国华家', link: '/packages/timebank/requests/index' })
    expect(byKind('timebank.checked_in')!.body).toMatch(/^志愿者李强 \d\d:\d\d 签到，开始为陈国华服务。$/)
    expect(byKind('timebank.checked_out')).toMatchObject({ title: '陈国华的服务已结束，请确认时长' })
    expect(byKind('checkup.done')).toMatchObject({ title: '陈国华的体检已完成', link: `/packages/checkups/booking/index?id=${bookingId}` })
    // every notice, old kinds included, opens a page of the app
    for (const n of items) expect(n.link).toMatch(/^\/(pages|packages)\//)
    // the elder himself is told too (no phone: he sees it when staff or family show him)
    const own = await c.db.kysely.selectFrom('notices').select('kind').where('user_id', '=', chen).where('kind', 'in', ['timebank.accepted', 'timebank.checked_in', 'checkup.done']).execute()
    expect(own.map((n) => n.kind).sort()).toEqual(['checkup.done', 'timebank.accepted', 'timebank.checked_in'])
  })
})
