import { issueSession } from '../../cloud/accounts/issue-session'
import { staffHarness, type Harness } from './harness'
import { startDemoServer, type DemoServer } from '../e2e/server'

/**
 * Issue 14 item 3 on the mini-program: staff check an elder in at the 体检 site by scanning his
 * booking QR (Taro.scanCode → the harness's wx.scanCode reads the code the test holds up).
 */
// (useDemoServer's, with more time: a loaded machine takes over a minute to seed the demo street)
let server: DemoServer
beforeAll(async () => {
  server = await startDemoServer()
}, 240_000)
afterAll(async () => {
  await server?.close()
})

describe('体检签到 by scanning (weapp build, wx.scanCode)', () => {
  let h: Harness
  let offsetMs = 0
  afterEach(() => h?.close())

  jest.setTimeout(120_000)
  test("staff01 scans 陈国华's booking QR: he is checked in, the roster counts him; a cancelled scan says what else to do", async () => {
    server.deps.clock = { now: () => new Date(Date.now() + offsetMs) }
    const db = server.deps.db.kysely
    // his daughter books him a place (as in the app), then the clock moves to half an hour before it
    const fatherId = (await db.selectFrom('users').select('id').where('name', '=', '陈国华').executeTakeFirstOrThrow()).id
    const daughterId = (await db.selectFrom('users').select('id').where('phone', '=', '13800000003').executeTakeFirstOrThrow()).id
    const daughter = (await issueSession(server.deps, daughterId)).token
    const get = async (p: string) => (await fetch(server.url + p, { headers: { authorization: `Bearer ${daughter}` } })).json()
    const campaign = (await get('/api/v1/checkups/campaigns')).items[0]
    const open = (await get(`/api/v1/checkups/campaigns/${campaign.id}/sessions`)).items.find((s: { status: string; remaining: number }) => s.status === 'open' && s.remaining > 0)
    const booked = await fetch(server.url + '/api/v1/checkups/bookings', {
      method: 'POST',
      headers: { authorization: `Bearer ${daughter}`, 'content-type': 'application/json', 'idempotency-key': 'weapp-scan-1' },
      body: JSON.stringify({ elderId: fatherId, sessionId: open.id }),
    })
    expect(booked.status).toBe(201)
    const booking = await booked.json()
    const detail = await get(`/api/v1/checkups/bookings/${booking.id}`)
    offsetMs = new Date(booking.session.startsAt).getTime() - 30 * 60_000 - Date.now()

    h = await staffHarness(server, 'staff01')
    const page = await h.loadPage('packages/checkups/staff/roster/index')
    await page.waitForText('名单（已签到 0/1）', 10_000)
    expect(page.text()).toContain('陈国华')

    // the camera is closed without reading anything: nothing changes, and the other ways are named
    h.setScanResult(null)
    await page.tapText('扫老人的预约二维码')
    await page.waitForText('没有扫到二维码，可以输入二维码下方的签到码，或按姓名查找')
    expect((await db.selectFrom('checkup_bookings').select('status').where('id', '=', booking.id).executeTakeFirstOrThrow()).status).toBe('booked')

    // his QR (the pass his daughter sent him) held up to the camera
    h.setScanResult(`linli:checkup:${detail.checkInCode}`)
    await page.tapText('扫老人的预约二维码')
    await page.waitForText('陈国华 已签到', 10_000)
    await page.waitForText('名单（已签到 1/1）', 10_000)
    expect(h.scans).toHaveLength(2)
    expect(h.scans[1]).toMatchObject({ onlyFromCamera: true })
    const checkIn = h.requests.filter((r) => r.method === 'POST' && /checkups\/.*check-?in/.test(r.path))
    expect(checkIn).toHaveLength(1)
    expect((await db.selectFrom('checkup_bookings').select('status').where('id', '=', booking.id).executeTakeFirstOrThrow()).status).toBe('checked_in')
  })
})
