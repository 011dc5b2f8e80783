import { shanghai } from '../../src/utils/shanghai'
import { createHarness, staffHarness, useDemoServer, SETUP_MS, waitFor, type Harness } from './harness'
import { meResponse } from './fixtures'

const elder = { id: '01900000-0000-7000-8000-0000000000e1', name: '陈国华', age: 78, self: false, healthConsent: true }
const session = (id: string, startsAt: string, remaining: number) => ({
  id,
  campaignId: 'k1',
  startsAt,
  endsAt: new Date(new Date(startsAt).getTime() + 30 * 60_000).toISOString(),
  place: '东湖社区卫生服务站',
  capacity: 20,
  booked: 20 - remaining,
  remaining,
  status: 'open',
})
const booking = {
  id: 'b1',
  campaignId: 'k1',
  campaignTitle: '2026年老年人免费体检',
  elderId: elder.id,
  elderName: '陈国华',
  status: 'booked',
  channel: 'family',
  bookedById: 'u3',
  bookedByName: '陈静',
  session: { id: 's1', startsAt: '2030-11-30T00:00:00.000Z', endsAt: '2030-11-30T00:30:00.000Z', place: '东湖社区卫生服务站' },
  bring: '身份证、医保卡',
  fasting: '体检前一晚 22:00 后不要吃东西',
  cancelUntil: '2030-11-29T10:00:00.000Z',
  createdAt: '2026-11-27T04:00:00.000Z',
  checkedInAt: null,
}
const detailExtras = { checkInCode: 'abcdefghijklmnopqrstuvwx', shortCode: 'K7P2-9QXM', qrDataUrl: 'data:image/png;base64,iVBORw0KGgo=', serverNow: '2030-11-20T02:00:00.000Z' }
const campaign = {
  id: 'k1',
  communityId: 'c1',
  communityName: '东湖社区',
  year: 2026,
  title: '2026年老年人免费体检',
  minAge: 65,
  ageOn: '2026-12-31',
  bring: '身份证、医保卡',
  fasting: '空腹',
  releaseAt: '2026-11-01T00:00:00.000Z',
  cancelCutoff: '18:00',
  heldBack: 2,
  offerMinutes: 120,
  status: 'open',
  remaining: 36,
}

const demoServer = useDemoServer()

describe('体检预约 pages (weapp build)', () => {
  let h: Harness
  afterEach(() => h?.close())

  test('预约体检: days with places left; tapping a day shows its slots; booking shows the confirmation', async () => {
    h = createHarness({ storage: { 'linli.token': 'tok-d' } })
    let bookedBody: unknown = null
    h.setRoute((req) => {
      if (req.path === '/api/v1/me/checkups') return { statusCode: 200, data: { bookings: [], waitlist: [], elders: [elder] } }
      if (req.path === '/api/v1/checkups/campaigns') return { statusCode: 200, data: { items: [campaign] } }
      if (req.path === '/api/v1/checkups/campaigns/k1/sessions')
        return { statusCode: 200, data: { items: [session('s1', '2030-11-30T00:00:00.000Z', 18), session('s2', '2030-11-30T00:30:00.000Z', 0), session('s3', '2030-12-02T00:00:00.000Z', 0)] } }
      if (req.path === '/api/v1/checkups/bookings' && req.method === 'POST') {
        bookedBody = req.data
        return { statusCode: 201, data: booking }
      }
      return undefined
    })
    const page = await h.loadPage('packages/checkups/index/index')
    await page.waitForTexts('11月30日', '为 陈国华 预约', '还有 18 个名额', '12月2日 星期一', '已约满，可以候补')
    await page.tapText('11月30日 星期六')
    await page.waitForTexts('约这一场', '08:00–08:30', '已约满', '登记候补')
    await page.tapText('约这一场')
    await page.waitForTexts('预约成功', '请带：身份证、医保卡')
    expect(bookedBody).toEqual({ elderId: elder.id, sessionId: 's1' })
    const post = h.requests.find((r) => r.method === 'POST' && r.path === '/api/v1/checkups/bookings')
    expect(post?.header['Idempotency-Key']).toMatch(/^a-[a-z0-9]+-[a-z0-9]+$/)
  })

  test('a full session answer is shown in plain words, without a pop-up', async () => {
    h = createHarness({ storage: { 'linli.token': 'tok-d' } })
    h.setRoute((req) => {
      if (req.path === '/api/v1/me/checkups') return { statusCode: 200, data: { bookings: [], waitlist: [], elders: [elder] } }
      if (req.path === '/api/v1/checkups/campaigns') return { statusCode: 200, data: { items: [campaign] } }
      if (req.path === '/api/v1/checkups/campaigns/k1/sessions') return { statusCode: 200, data: { items: [session('s1', '2030-11-30T00:00:00.000Z', 1)] } }
      if (req.path === '/api/v1/checkups/bookings') return { statusCode: 409, data: { error: { code: 'SESSION_FULL', message: '这一场已约满', details: { waitlist: true } } } }
      return undefined
    })
    const page = await h.loadPage('packages/checkups/index/index')
    await page.waitForText('11月30日')
    await page.tapText('11月30日 星期六')
    await page.waitForText('约这一场')
    await page.tapText('约这一场')
    await page.waitForText('这一场已约满')
  })

  test('my booking: time, place, the check-in QR and what to bring', async () => {
    h = createHarness({ storage: { 'linli.token': 'tok-d' } })
    h.setRoute((req) => {
      if (req.path === '/api/v1/me/checkups') return { statusCode: 200, data: { bookings: [booking], waitlist: [], elders: [elder] } }
      if (req.path === '/api/v1/checkups/bookings/b1') return { statusCode: 200, data: { ...booking, ...detailExtras } }
      return undefined
    })
    const page = await h.loadPage('packages/checkups/booking/index')
    await page.waitForTexts('已预约', '陈国华', '11月30日 星期六 08:00', '东湖社区卫生服务站', '把这个二维码给工作人员看', '家人代约（陈静）')
    // the 8-character code under the QR, and the pass as an image to keep or forward
    await page.waitForTexts('K7P2-9QXM', '签到凭证图片（长按保存或转发）')
    // the QR image is rendered (simulate does not serialise its src)
    expect((page.root() as Element).outerHTML).toMatch(/<wx-image class="[^"]*ck-qr/)
    await page.tapText('取消预约')
    await page.waitForText('确认取消这次体检')
  })

  test("上门: the visitor is picked from the community's staff (the logged-in one by default) and the chosen one is sent", async () => {
    h = createHarness({ storage: { 'linli.token': 'tok-s' } })
    const me = meResponse({ id: 'u-liu', name: '刘敏', isStaff: true }, { roles: [{ role: 'community_staff', orgUnitId: 'c1', orgUnitName: '东湖社区' }] })
    const visit = { id: 'v1', campaignId: 'k1', elderId: elder.id, elderName: '陈国华', status: 'requested', note: '卧床，行动不便', staffId: null, startsAt: null, endsAt: null }
    let scheduled: { staffId?: string } | null = null
    h.setRoute((req) => {
      if (req.path === '/api/v1/me') return { statusCode: 200, data: me }
      if (req.path === '/api/v1/checkups/campaigns') return { statusCode: 200, data: { items: [campaign] } }
      if (req.path === '/api/v1/staff/checkups/campaigns/k1/roster') return { statusCode: 200, data: { date: '2026-11-30', items: [] } }
      if (req.path === '/api/v1/staff/checkups/campaigns/k1/home-visits') return { statusCode: 200, data: { items: [visit] } }
      if (req.path === '/api/v1/staff/checkups/campaigns/k1/visitors')
        return {
          statusCode: 200,
          data: {
            items: [
              { id: 'u-wu', name: '吴丽华', role: 'health_staff' },
              { id: 'u-liu', name: '刘敏', role: 'community_staff' },
            ],
          },
        }
      if (req.path === '/api/v1/checkups/home-visits/v1/schedule') {
        scheduled = req.data as { staffId: string }
        return { statusCode: 200, data: { ...visit, status: 'scheduled', staffId: scheduled.staffId } }
      }
      return undefined
    })
    const page = await h.loadPage('packages/checkups/staff/roster/index')
    await page.waitForText('今日签到')
    await page.tapText('上门')
    await page.waitForText('吴丽华（卫生服务中心）')
    const chosen = () => Array.from(page.root().querySelectorAll('.page--is-on'), (el) => el.textContent)
    // the logged-in one is picked once /me and the visitors have both loaded
    await waitFor(() => expect(chosen()).toContain('刘敏（社区）'))
    await page.tapText('吴丽华（卫生服务中心）')
    await waitFor(() => expect(chosen()).toContain('吴丽华（卫生服务中心）'))
    expect(chosen()).not.toContain('刘敏（社区）')
    await page.tapText('安排上门')
    await page.waitForText('已安排 吴丽华')
    expect(scheduled).toMatchObject({ staffId: 'u-wu' })
  })

  test("my booking: 改约/取消 follow the server's clock, not the phone's", async () => {
    h = createHarness({ storage: { 'linli.token': 'tok-d' } })
    // the phone thinks it is 2026; the server says the cut-off (2030-11-29 18:00) has passed
    h.setRoute((req) => {
      if (req.path === '/api/v1/me/checkups') return { statusCode: 200, data: { bookings: [booking], waitlist: [], elders: [elder] } }
      if (req.path === '/api/v1/checkups/bookings/b1') return { statusCode: 200, data: { ...booking, ...detailExtras, serverNow: '2030-11-29T10:30:00.000Z' } }
      return undefined
    })
    const page = await h.loadPage('packages/checkups/booking/index')
    await page.waitForTexts('已预约', '已过改约时间，如需调整请联系社区')
    await h.idle()
    expect(page.text()).not.toContain('取消预约')
    expect(page.text()).not.toContain('前可以改约或取消')
  })

  test('my booking: a cancel the server refuses is explained in Chinese and the buttons go away', async () => {
    h = createHarness({ storage: { 'linli.token': 'tok-d' } })
    let reads = 0
    h.setRoute((req) => {
      if (req.path === '/api/v1/me/checkups') return { statusCode: 200, data: { bookings: [booking], waitlist: [], elders: [elder] } }
      if (req.path === '/api/v1/checkups/bookings/b1') {
        reads += 1
        // read again after the refusal: by then the server's clock is past the cut-off
        return { statusCode: 200, data: { ...booking, ...detailExtras, serverNow: reads === 1 ? '2030-11-29T09:59:00.000Z' : '2030-11-29T10:00:30.000Z' } }
      }
      if (req.path === '/api/v1/checkups/bookings/b1/cancel')
        return { statusCode: 422, data: { error: { code: 'CANCEL_CUTOFF_PASSED', message: '已过取消截止时间（体检前一天 18:00），请联系社区工作人员' } } }
      return undefined
    })
    const page = await h.loadPage('packages/checkups/booking/index')
    await page.waitForText('取消预约')
    await page.tapText('取消预约')
    await page.tapText('确认取消这次体检')
    await page.waitForTexts('已过取消截止时间（体检前一天 18:00），请联系社区工作人员', '已过改约时间，如需调整请联系社区')
    await h.idle()
    expect(page.text()).not.toContain('确认取消这次体检')
    expect(reads).toBe(2)
  })
})

describe('体检 staff pages against the demo server (weapp build)', () => {
  jest.setTimeout(SETUP_MS)
  let h: Harness
  afterEach(() => h?.close())

  const signIn = (username: string) => staffHarness(demoServer(), username)
  const year = () => shanghai().getUTCFullYear()

  test("体检管理 lists the demo campaign with its rules and the way into each day's work", async () => {
    h = await signIn('health01')
    const page = await h.loadPage('packages/checkups/staff/index/index')
    await page.waitForTexts(`东湖社区 · ${year()}年老年人免费体检`, '进行中', '65 岁以上', '每场为窗口/电话预留 2 个名额', '窗口/电话预约', '场次管理')
  })

  test("体检签到: today's roster (no sessions today in the demo) and the 未到场回访 tab", async () => {
    h = await signIn('staff01')
    const page = await h.loadPage('packages/checkups/staff/roster/index')
    await page.waitForTexts('这一天没有预约', '名单（已签到 0/0）')
    await page.tapText('未到场回访')
    await page.waitForText('没有未到场的老人')
    expect(h.requests.some((r) => /\/api\/v1\/staff\/checkups\/campaigns\/[^/]+\/no-shows/.test(r.path))).toBe(true)
  })

  test('窗口/电话预约: searching 赵秀英 by name finds her in the community', async () => {
    h = await signIn('staff01')
    const page = await h.loadPage('packages/checkups/staff/counter/index')
    await page.waitForText(`东湖社区 · ${year()}年老年人免费体检`)
    await h.idle()
    expect(page.text()).not.toContain('赵秀英')
    await page.input('.page--lp-input', '赵秀英')
    await page.tapText('查找')
    await page.waitForTexts('赵秀英（', '东湖路 9 弄 3 号')
    await h.idle()
    expect(page.text()).not.toContain('没有找到这位老人')
    const search = h.requests.find((r) => r.url.includes(encodeURIComponent('赵秀英')))
    expect(search?.method).toBe('GET')
    await page.tapText('赵秀英（')
    await page.waitForText('为 赵秀英 预约')
  })

  test('场次管理 lists the demo sessions by day', async () => {
    h = await signIn('health01')
    const page = await h.loadPage('packages/checkups/staff/sessions/index')
    await page.waitForTexts('08:00', `东湖社区 · ${year()}年老年人免费体检`, '东湖社区卫生服务站（东湖路 20 号）')
    await h.idle()
    expect(page.text()).not.toContain('还没有场次')
  })
})
