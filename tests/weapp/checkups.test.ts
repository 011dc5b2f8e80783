import { createHarness, type Harness } from './harness'

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
const campaign = { id: 'k1', communityId: 'c1', communityName: '东湖社区', year: 2026, title: '2026年老年人免费体检', minAge: 65, ageOn: '2026-12-31', bring: '身份证、医保卡', fasting: '空腹', releaseAt: '2026-11-01T00:00:00.000Z', cancelCutoff: '18:00', heldBack: 2, offerMinutes: 120, status: 'open', remaining: 36 }

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
    await page.waitForText('11月30日')
    expect(page.text()).toContain('为 陈国华 预约')
    expect(page.text()).toContain('还有 18 个名额')
    expect(page.text()).toContain('12月2日 星期一')
    expect(page.text()).toContain('已约满，可以候补')
    await page.tapText('11月30日 星期六')
    await page.waitForText('约这一场')
    expect(page.text()).toContain('08:00–08:30')
    expect(page.text()).toContain('已约满')
    expect(page.text()).toContain('登记候补')
    await page.tapText('约这一场')
    await page.waitForText('预约成功')
    expect(bookedBody).toEqual({ elderId: elder.id, sessionId: 's1' })
    const post = h.requests.find((r) => r.method === 'POST' && r.path === '/api/v1/checkups/bookings')
    expect(post?.header['Idempotency-Key']).toMatch(/^ck-/)
    expect(page.text()).toContain('请带：身份证、医保卡')
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
      if (req.path === '/api/v1/checkups/bookings/b1') return { statusCode: 200, data: { ...booking, checkInCode: 'abcdefghijklmnopqrstuvwx', qrDataUrl: 'data:image/png;base64,iVBORw0KGgo=' } }
      return undefined
    })
    const page = await h.loadPage('packages/checkups/booking/index')
    await page.waitForText('已预约')
    expect(page.text()).toContain('陈国华')
    expect(page.text()).toContain('11月30日 星期六 08:00')
    expect(page.text()).toContain('东湖社区卫生服务站')
    expect(page.text()).toContain('把这个二维码给工作人员看')
    expect(page.text()).toContain('家人代约（陈静）')
    // the QR image is rendered (simulate does not serialise its src)
    expect((page.root() as Element).outerHTML).toMatch(/<wx-image class="[^"]*ck-qr/)
    await page.tapText('取消预约')
    await page.waitForText('确认取消这次体检')
  })
})
