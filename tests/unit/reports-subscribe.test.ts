import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createSubscribeSender, reportStatusData, subscribeConfigFromEnv, cloudSubscribeSender } from '../../cloud/platform/wechat-subscribe'

const quiet = { debug: () => undefined, warn: () => undefined }

describe('随手拍 subscribe message: template data', () => {
  it('maps a report onto the template fields within WeChat limits (thing ≤ 20, phrase ≤ 5, time in Shanghai)', () => {
    const data = reportStatusData({
      number: 'SSP-20261127-0042',
      statusLabel: '已处理待确认',
      holder: '天平街道东湖社区第一网格网格化综合管理服务站',
      deadlineAt: new Date('2026-11-28T04:00:00Z'),
      note: '社区已受理，正在安排处理',
    })
    expect(data.character_string1.value).toBe('SSP-20261127-0042')
    expect([...data.phrase2.value].length).toBeLessThanOrEqual(5)
    expect([...data.thing3.value].length).toBe(20)
    expect(data.thing3.value.endsWith('…')).toBe(true)
    expect(data.time4.value).toBe('2026年11月28日 12:00')
    expect(data.thing5.value).toBe('社区已受理，正在安排处理')
  })

  it('reads templates and credentials from env; cloud functions use wx-server-sdk', () => {
    expect(subscribeConfigFromEnv({}).templates).toEqual({})
    const c = subscribeConfigFromEnv({ WECHAT_TEMPLATE_REPORT_STATUS: ' tpl-1 ', WECHAT_APPID: 'wx1', WECHAT_SECRET: 's', TENCENTCLOUD_RUNENV: 'SCF' })
    expect(c).toMatchObject({ templates: { reportStatus: 'tpl-1' }, appId: 'wx1', inCloud: true, apiBase: 'https://api.weixin.qq.com' })
  })
})

describe('随手拍 subscribe message: sending', () => {
  let server: Server
  let base: string
  const seen: { path: string; body: any }[] = []
  let failFirstSend = false
  beforeAll(async () => {
    server = createServer((req, res) => {
      let raw = ''
      req.on('data', (c) => (raw += c))
      req.on('end', () => {
        const url = new URL(req.url!, 'http://x')
        seen.push({ path: `${url.pathname}?${url.searchParams}`, body: raw ? JSON.parse(raw) : null })
        res.setHeader('content-type', 'application/json')
        if (url.pathname === '/cgi-bin/token') return res.end(JSON.stringify({ access_token: `tok-${seen.length}`, expires_in: 7200 }))
        if (url.pathname === '/cgi-bin/message/subscribe/send') {
          if (failFirstSend) {
            failFirstSend = false
            return res.end(JSON.stringify({ errcode: 40001, errmsg: 'invalid credential' }))
          }
          const body = JSON.parse(raw)
          return res.end(JSON.stringify(body.touser === 'o-refused' ? { errcode: 43101, errmsg: 'user refuse to accept the msg' } : { errcode: 0, errmsg: 'ok' }))
        }
        res.statusCode = 404
        res.end('{}')
      })
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((r) => server.close(() => r())))
  beforeEach(() => (seen.length = 0))

  const data = reportStatusData({ number: 'SSP-1', statusLabel: '已受理', holder: '东湖社区第一网格', deadlineAt: new Date('2026-11-28T04:00:00Z'), note: '已受理' })

  it('unconfigured: nothing is sent, not even a token request', async () => {
    for (const env of [
      { WECHAT_APPID: 'wx1', WECHAT_SECRET: 's', WECHAT_API_BASE: base },
      { WECHAT_TEMPLATE_REPORT_STATUS: 'tpl-1', WECHAT_API_BASE: base },
    ]) {
      const sender = createSubscribeSender(env, quiet)
      expect(await sender.send('o-1', 'reportStatus', data)).toEqual({ sent: false, reason: 'not_configured' })
    }
    expect(seen).toEqual([])
  })

  it('configured: token once, then message/subscribe/send with the template id, page and data; a revoked token is renewed once', async () => {
    const sender = createSubscribeSender({ WECHAT_TEMPLATE_REPORT_STATUS: 'tpl-1', WECHAT_APPID: 'wx1', WECHAT_SECRET: 'sec', WECHAT_API_BASE: base }, quiet)
    expect(await sender.send('o-1', 'reportStatus', data, 'packages/reports/detail/index?id=1')).toEqual({ sent: true })
    expect(await sender.send('o-2', 'reportStatus', data)).toEqual({ sent: true })
    expect(seen.map((s) => s.path.split('?')[0])).toEqual(['/cgi-bin/token', '/cgi-bin/message/subscribe/send', '/cgi-bin/message/subscribe/send'])
    expect(seen[0].path).toContain('appid=wx1')
    expect(seen[1].path).toContain('access_token=tok-1')
    expect(seen[1].body).toMatchObject({ touser: 'o-1', template_id: 'tpl-1', page: 'packages/reports/detail/index?id=1', data })
    seen.length = 0
    failFirstSend = true
    expect(await sender.send('o-3', 'reportStatus', data)).toEqual({ sent: true })
    expect(seen.map((s) => s.path.split('?')[0])).toEqual(['/cgi-bin/message/subscribe/send', '/cgi-bin/token', '/cgi-bin/message/subscribe/send'])
    expect(await sender.send('o-refused', 'reportStatus', data)).toEqual({ sent: false, reason: 'refused' })
  })

  it('in a cloud function the openapi call gets the same template and data', async () => {
    const calls: Record<string, unknown>[] = []
    const sender = cloudSubscribeSender(subscribeConfigFromEnv({ WECHAT_TEMPLATE_REPORT_STATUS: 'tpl-9' }), () => ({
      openapi: { subscribeMessage: { send: async (a: Record<string, unknown>) => (calls.push(a), { errCode: 0 }) } },
    }))
    expect(await sender.send('o-1', 'reportStatus', data)).toEqual({ sent: true })
    expect(calls).toEqual([expect.objectContaining({ touser: 'o-1', templateId: 'tpl-9', data })])
  })
})
