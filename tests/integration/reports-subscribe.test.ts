import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describeEachDb, TEST_NOW } from '../helpers/app'
import { jpegWithGps } from '../fixtures/reports/photos'
import { tick } from '../../cloud/app'
import { demoGridCentre } from '../../cloud/reports/reports.seed'
import { createSubscribeSender, noopSubscribeSender } from '../../cloud/platform/wechat-subscribe'

const DONGHU_1 = demoGridCentre('东湖社区', '第一网格')

/** A local stand-in for api.weixin.qq.com recording what the server sends. */
let server: Server
let base: string
const sent: any[] = []
beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = ''
    req.on('data', (c) => (raw += c))
    req.on('end', () => {
      res.setHeader('content-type', 'application/json')
      if (req.url!.startsWith('/cgi-bin/token')) return res.end(JSON.stringify({ access_token: 'tok', expires_in: 7200 }))
      sent.push(JSON.parse(raw))
      res.end(JSON.stringify({ errcode: 0, errmsg: 'ok' }))
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((r) => server.close(() => r())))

describeEachDb('随手拍 WeChat subscribe messages', (ctx) => {
  it('a state change reaches the reporter as a subscribe message with who holds it and the deadline; unconfigured sends nothing', async () => {
    const c = ctx()
    c.clock.set(TEST_NOW)
    await c.db.kysely.updateTable('users').set({ wx_openid: 'o-wangfang-test' }).where('phone', '=', '13800000001').execute()
    const resident = await c.login('13800000001')
    const grid = await c.login('grid01')
    const form = new FormData()
    form.append('file', new Blob([new Uint8Array(await jpegWithGps({ seed: 4242 }))], { type: 'image/jpeg' }), 'p.jpg')
    const up = (await (await c.app.request('/api/v1/uploads', { method: 'POST', headers: { authorization: `Bearer ${resident}` }, body: form })).json()) as { key: string }
    const report = await c.call('POST', '/api/v1/reports', {
      token: resident,
      body: { category: 'sanitation', description: '垃圾桶满了没人清运', lat: DONGHU_1.lat, lng: DONGHU_1.lng, photoKeys: [up.key], anonymous: true },
    })
    expect(report.status).toBe(201)

    // not configured: the outbox is drained, nothing reaches WeChat
    c.deps.subscribe = noopSubscribeSender()
    expect((await c.call('POST', `/api/v1/reports/${report.body.id}/accept`, { token: grid, body: {} })).status).toBe(200)
    await tick(c.deps)
    expect(sent).toEqual([])

    c.deps.subscribe = createSubscribeSender(
      { WECHAT_TEMPLATE_REPORT_STATUS: 'tpl-report', WECHAT_APPID: 'wx-test', WECHAT_SECRET: 'secret', WECHAT_API_BASE: base },
      { debug: () => undefined, warn: () => undefined },
    )
    expect((await c.call('POST', `/api/v1/reports/${report.body.id}/start`, { token: grid, body: {} })).status).toBe(200)
    await tick(c.deps)
    const mine = sent.filter((s) => s.touser === 'o-wangfang-test')
    expect(mine.length).toBeGreaterThanOrEqual(1)
    expect(mine.at(-1)).toMatchObject({
      template_id: 'tpl-report',
      page: `packages/reports/detail/index?id=${report.body.id}`,
      data: {
        character_string1: { value: report.body.number },
        phrase2: { value: '处理中' },
        thing3: { value: '东湖社区第一网格' },
        time4: { value: '2026年11月28日 12:00' },
      },
    })
    // a second tick sends nothing again (the outbox row is delivered once)
    const count = sent.length
    await tick(c.deps)
    expect(sent.length).toBe(count)
    sent.length = 0
  })
})
