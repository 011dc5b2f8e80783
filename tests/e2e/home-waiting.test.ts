import path from 'node:path'
import { ARTIFACTS, loginByPhone } from './browser'
import { describeH5 } from './suite'

/**
 * Issue 14 · 4 and 6: the daughter in another city opens the app and sees what waits for her at the top,
 * her father's booking instead of another offer to book, and every notice opens its object.
 */
describeH5('H5: 首页 — what waits for the daughter, her father’s booking, notices that open', (env) => {
  let offsetMinutes = 0
  beforeAll(() => {
    env().server.deps.clock = { now: () => new Date(Date.now() + offsetMinutes * 60_000) }
  })
  async function token(phone: string): Promise<string> {
    const res = await fetch(`${env().server.url}/api/v1/auth/sms/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phone, code: '123456' }) })
    return ((await res.json()) as { token: string }).token
  }
  async function api<T>(tok: string, method: string, p: string, body?: unknown): Promise<{ status: number; body: T }> {
    const res = await fetch(`${env().server.url}/api/v1${p}`, {
      method,
      headers: { authorization: `Bearer ${tok}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    return { status: res.status, body: (await res.json()) as T }
  }

  test('陈静: 等您处理 shows the service to confirm and opens it; the card shows 陈国华’s booking; a notice opens its page', async () => {
    const base = env().server.url
    const daughter = await token('13800000003')
    const li = await token('13800000002')
    // she books her father's checkup (from her phone, in another city)
    const my = await api<{ elders: { id: string; name: string }[] }>(daughter, 'GET', '/me/checkups')
    const chen = my.body.elders.find((e) => e.name === '陈国华')!
    const campaigns = await api<{ items: { id: string; status: string }[] }>(daughter, 'GET', '/checkups/campaigns')
    const campaign = campaigns.body.items.find((k) => k.status === 'open')!
    const sessions = await api<{ items: { id: string; remaining: number }[] }>(daughter, 'GET', `/checkups/campaigns/${campaign.id}/sessions`)
    const booked = await api<{ id: string }>(daughter, 'POST', '/checkups/bookings', { elderId: chen.id, sessionId: sessions.body.items.find((s) => s.remaining > 0)!.id })
    expect(booked.status).toBe(201)
    // 李强 serves him an hour (the demo's open request for 陈国华, asked by her)
    const open = await api<{ items: { id: string; elderId: string; startsAt: string }[] }>(li, 'GET', '/timebank/requests')
    const req = open.body.items.find((r) => r.elderId === chen.id)!
    expect((await api(li, 'POST', `/timebank/requests/${req.id}/accept`, {})).status).toBe(200)
    offsetMinutes = Math.ceil((Date.parse(req.startsAt) - 10 * 60_000 - Date.now()) / 60_000)
    const door = { lat: 31.2096, lng: 121.4331 }
    const inRes = await api<{ status: string }>(li, 'POST', `/timebank/requests/${req.id}/check-in`, { location: door, farReason: '测试：老人家门口' })
    expect(inRes.status).toBe(200)
    offsetMinutes += 60
    expect((await api(li, 'POST', `/timebank/requests/${req.id}/check-out`, { location: door, farReason: '测试：老人家门口' })).status).toBe(200)

    let session: Awaited<ReturnType<import('playwright-core').BrowserContext['storageState']>> | null = null
    for (const [name, viewport] of [
      ['375', { width: 375, height: 812 }],
      ['1280', { width: 1280, height: 900 }],
    ] as const) {
      // one login (a phone gets one code a minute); the desk view reuses that browser's session
      const ctx = await env().browser.newContext({ viewport, deviceScaleFactor: 1, locale: 'zh-CN', ...(session ? { storageState: session } : {}) })
      const page = await ctx.newPage()
      if (!session) {
        await loginByPhone(page, base, '13800000003')
        session = await ctx.storageState()
      }
      await page.goto(base + '/pages/index/index')
      await page.getByText(/等您处理（\d+）/).waitFor()
      const card = page.locator('.home-elder').filter({ hasText: '陈国华' })
      await card.getByText(/已约体检：/).waitFor()
      expect(await card.getByText('帮 TA 预约体检').count()).toBe(0)
      await page.screenshot({ path: path.join(ARTIFACTS, `j14-6-home-waiting-${name}.png`), fullPage: true })
      if (name === '375') {
        await page.locator('.home-todo').filter({ hasText: '请确认服务时长' }).click()
        await page.waitForURL(/\/packages\/timebank\/requests\/index/)
        await page
          .getByText(/请确认并评价/)
          .first()
          .waitFor()
        // the booking from the card
        await page.goto(base + '/pages/index/index')
        await page.locator('.home-elder').filter({ hasText: '陈国华' }).getByText('查看预约').click()
        await page.waitForURL(new RegExp(`/packages/checkups/booking/index\\?id=${booked.body.id}`))
        // 我的 · 消息: the volunteer's notice opens the service page
        await page.goto(base + '/pages/me/index')
        await page.getByText('查看消息').click()
        await page.locator('.me-notice').filter({ hasText: '志愿者已接单：陈国华' }).click()
        await page.waitForURL(/\/packages\/timebank\/requests\/index/)
      }
      await ctx.close()
    }
  })
})
