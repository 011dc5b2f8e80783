import { describeEachDb, TEST_NOW } from '../helpers/app'
import { tableCounts } from '../helpers/db'
import { AT_ZHAO, newRequest } from './timebank-helpers'

describeEachDb('时间银行: check-in opens 60 minutes before the service', (ctx) => {
  it('a day early and 61 minutes early are refused in Chinese with nothing written; 60 minutes early works', async () => {
    const c = ctx()
    c.clock.set(new Date(Date.parse(TEST_NOW) + 60 * 86_400_000))
    const zhao = await c.login('13800000004')
    const li = await c.login('13800000002')
    // tomorrow, same time
    const req = await newRequest(c, zhao, { inMinutes: 24 * 60 })
    expect((await c.call('POST', `/api/v1/timebank/requests/${req.id}/accept`, { token: li, body: {} })).status).toBe(200)
    const counts = await tableCounts(c.db)
    const dayEarly = await c.call('POST', `/api/v1/timebank/requests/${req.id}/check-in`, { token: li, body: { location: AT_ZHAO } })
    expect(dayEarly.status).toBe(422)
    expect(dayEarly.body.error.code).toBe('CHECKIN_TOO_EARLY')
    // TEST_NOW is 12:00 in Shanghai: the service starts at 12:00 the next day, check-in from 11:00
    expect(dayEarly.body.error.message).toMatch(/^还没到签到时间：服务 \d+月\d+日 12:00 开始，\d+月\d+日 11:00 起可以签到$/)
    expect(await tableCounts(c.db)).toEqual(counts)

    c.clock.advance(24 * 60 - 61)
    expect((await c.call('POST', `/api/v1/timebank/requests/${req.id}/check-in`, { token: li, body: { location: AT_ZHAO } })).body.error.code).toBe('CHECKIN_TOO_EARLY')
    expect(await tableCounts(c.db)).toEqual(counts)
    c.clock.advance(1)
    const ok = await c.call('POST', `/api/v1/timebank/requests/${req.id}/check-in`, { token: li, body: { location: AT_ZHAO } })
    expect(ok.status).toBe(200)
    expect(ok.body.status).toBe('in_service')
  })
})
