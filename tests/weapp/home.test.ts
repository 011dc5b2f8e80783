import { createHarness, waitFor, type Harness } from './harness'
import { meResponse } from './fixtures'

const ME = '0190aaaa-0000-7000-8000-000000000001'
const ELDER = '0190aaaa-0000-7000-8000-0000000000e1'

/** Issue 14 · 4 and 6 on the weapp build: what waits at the top of 首页, the elder's booking, notices that open. */
describe('首页 and 消息 (weapp build)', () => {
  let h: Harness
  afterEach(() => h?.close())

  test('等您处理: a fix to confirm and a waitlist offer open their pages; the family card shows the booking, not 帮 TA 预约体检', async () => {
    h = createHarness({ storage: { 'linli.token': 'tok-d' } })
    h.setRoute((req) => {
      if (req.path === '/api/v1/me')
        return {
          statusCode: 200,
          data: meResponse(
            { name: '陈静' },
            {
              familyLinks: [
                { id: 'l1', elderId: ELDER, elderName: '陈国华', memberId: ME, memberName: '陈静', relation: 'child', scopes: ['book_checkups', 'receive_notices'], status: 'active' },
              ] as never,
            },
          ),
        }
      if (req.path === '/api/v1/me/reports') return { statusCode: 200, data: { items: [{ id: 'rep1', number: 'SSP-20261206-0007', status: 'resolved', statusLabel: '已处理' }], nextCursor: null } }
      if (req.path === '/api/v1/me/timebank/requests') return { statusCode: 200, data: { items: [], nextCursor: null } }
      if (req.path === '/api/v1/me/checkups')
        return {
          statusCode: 200,
          data: {
            bookings: [
              {
                id: 'b1',
                elderId: ELDER,
                elderName: '陈国华',
                status: 'booked',
                session: { id: 's1', startsAt: '2026-12-08T00:00:00.000Z', endsAt: '2026-12-08T01:00:00.000Z', place: '东湖社区卫生服务站' },
              },
            ],
            waitlist: [
              {
                id: 'w1',
                elderId: ELDER,
                elderName: '陈国华',
                status: 'offered',
                session: { id: 's2', startsAt: '2026-12-09T00:00:00.000Z', endsAt: '2026-12-09T01:00:00.000Z', place: '东湖社区卫生服务站' },
                offerExpiresAt: '2026-12-06T06:00:00.000Z',
              },
            ],
            elders: [],
          },
        }
      return undefined
    })
    const page = await h.loadPage('pages/index/index')
    // 08:00 in Shanghai, not 00:00 UTC
    await page.waitForTexts('等您处理（2）', 'SSP-20261206-0007', '已约体检：12-08 08:00 东湖社区卫生服务站', '候补到了体检名额：陈国华')
    await h.idle()
    expect(page.text()).not.toContain('帮 TA 预约体检')
    await page.tapText('随手拍已处理，请确认')
    await waitFor(() => expect(h.navigations).toContain('navigateTo /packages/reports/detail/index?id=rep1'))
    await page.tapText('查看预约')
    await waitFor(() => expect(h.navigations).toContain('navigateTo /packages/checkups/booking/index?id=b1'))
  })

  test('我的 · 消息: Shanghai time and a tap opens the notice’s object', async () => {
    h = createHarness({ storage: { 'linli.token': 'tok-r' } })
    h.setRoute((req) => {
      if (req.path === '/api/v1/me') return { statusCode: 200, data: meResponse() }
      if (req.path === '/api/v1/me/notices')
        return {
          statusCode: 200,
          data: {
            items: [
              {
                id: 'n1',
                kind: 'report.resolved',
                title: '随手拍已处理，请确认',
                body: 'SSP-1：已清理',
                createdAt: '2026-12-06T02:45:00.000Z',
                readAt: null,
                link: '/packages/reports/detail/index?id=rep1',
              },
            ],
            nextCursor: null,
          },
        }
      if (req.path === '/api/v1/me/notices/read') return { statusCode: 200, data: { ok: true } }
      return undefined
    })
    const page = await h.loadPage('pages/me/index')
    await page.waitForText('查看消息')
    await page.tapText('查看消息')
    await page.waitForText('2026-12-06 10:45')
    await page.tapText('随手拍已处理，请确认')
    await waitFor(() => expect(h.navigations).toContain('navigateTo /packages/reports/detail/index?id=rep1'))
  })
})

describe('体检预约 for an elder already done (weapp build)', () => {
  let h: Harness
  afterEach(() => h?.close())

  test('the done checkup is shown first; no days are offered to book again', async () => {
    h = createHarness({ storage: { 'linli.token': 'tok-d' } })
    h.setRoute((req) => {
      if (req.path === '/api/v1/me') return { statusCode: 200, data: meResponse({ name: '陈静' }) }
      if (req.path === '/api/v1/checkups/campaigns')
        return { statusCode: 200, data: { items: [{ id: 'k1', title: '2026年老年人免费体检', status: 'open', bring: '身份证', fasting: '体检前一晚 22:00 后不要吃东西' }] } }
      if (req.path === '/api/v1/me/checkups')
        return {
          statusCode: 200,
          data: {
            bookings: [
              {
                id: 'b1',
                campaignId: 'k1',
                elderId: ELDER,
                elderName: '陈国华',
                status: 'done',
                session: { id: 's1', startsAt: '2026-12-01T00:00:00.000Z', endsAt: '2026-12-01T01:00:00.000Z', place: '东湖社区卫生服务站' },
              },
            ],
            waitlist: [],
            elders: [{ id: ELDER, name: '陈国华', age: 78, self: false, healthConsent: true }],
          },
        }
      if (req.path === '/api/v1/checkups/campaigns/k1/sessions') return { statusCode: 200, data: { items: [] } }
      return undefined
    })
    const page = await h.loadPage('packages/checkups/index/index')
    await page.waitForTexts('今年的体检已经做完了', '东湖社区卫生服务站')
    await h.idle()
    expect(h.requests.some((r) => r.path === '/api/v1/checkups/campaigns/k1/sessions')).toBe(false)
  })
})
