import { createHarness, waitFor, type Harness } from './harness'
import { meResponse } from './fixtures'
import type { TServiceRequest } from '../../types/timebank'

const request = (id: string, over: Partial<TServiceRequest> = {}): TServiceRequest => ({
  id,
  communityId: 'c1',
  elderId: 'e1',
  elderName: '赵秀英',
  requestedBy: 'e1',
  requestedByName: '赵秀英',
  serviceType: 'shopping',
  serviceTypeLabel: '代买代购',
  startsAt: '2026-11-28T01:00:00.000Z',
  endsAt: '2026-11-28T03:00:00.000Z',
  address: '东湖路 9 弄 3 号',
  estimateMinutes: 60,
  maxMinutes: 120,
  notes: '帮忙买米和油',
  status: 'open',
  statusLabel: '等待志愿者接单',
  version: 1,
  volunteerId: null,
  volunteerName: null,
  checkInAt: null,
  checkOutAt: null,
  checkOutProposed: false,
  minutes: null,
  creditedMinutes: null,
  capNote: null,
  rating: null,
  comment: null,
  disputeReason: null,
  settleReason: null,
  cancelReason: null,
  lateCancel: false,
  autoConfirmAt: null,
  createdAt: '2026-11-27T01:00:00.000Z',
  volunteersNeeded: 1,
  placesTaken: 0,
  parentId: null,
  checkInDistanceM: null,
  checkInReview: null,
  checkInReviewReason: null,
  ...over,
})

describe('时间银行 pages (weapp build)', () => {
  let h: Harness
  afterEach(() => h?.close())

  test('请人帮忙: big buttons per service type; choosing one and a time posts the request', async () => {
    h = createHarness({ storage: { 'linli.token': 'tok-e', 'linli.elderMode': 'on' } })
    h.setRoute((req) => {
      if (req.path === '/api/v1/me') return { statusCode: 200, data: meResponse({ name: '赵秀英', elderMode: true }) }
      if (req.path === '/api/v1/timebank/requests' && req.method === 'POST') return { statusCode: 201, data: request('r9', { serviceTypeLabel: '陪伴聊天' }) }
      return undefined
    })
    const page = await h.loadPage('packages/timebank/ask/index')
    await page.waitForTexts('陪伴聊天', '代买代购', '打扫卫生', '陪同就医', '小修小补', '教用手机', '上门理发', '送餐上门')
    await page.tapText('陪伴聊天')
    await page.waitForText('明天上午')
    await page.tapText('明天上午')
    await page.tapText('发出请求')
    await page.waitForText('已发出请求')
    const post = h.requests.find((r) => r.method === 'POST' && r.path === '/api/v1/timebank/requests')
    expect(post?.data).toMatchObject({ serviceType: 'companionship', estimateMinutes: 60 })
    expect(post?.header['Idempotency-Key']).toMatch(/^a-[a-z0-9]+-[a-z0-9]+$/)
  })

  test('接单: open requests are listed; 我来帮忙 accepts; an empty schedule says so', async () => {
    h = createHarness({ storage: { 'linli.token': 'tok-v' } })
    let accepted = false
    h.setRoute((req) => {
      if (req.path === '/api/v1/timebank/requests' && req.method === 'GET')
        return { statusCode: 200, data: { items: accepted ? [] : [request('r1'), request('r2', { elderName: '陈国华', serviceTypeLabel: '陪同就医', notes: '耳背，请大声敲门' })], nextCursor: null } }
      if (req.path === '/api/v1/me/timebank/requests')
        return { statusCode: 200, data: { items: accepted ? [request('r1', { status: 'accepted', statusLabel: '已有志愿者接单', volunteerName: '李强' })] : [], nextCursor: null } }
      if (req.path === '/api/v1/timebank/requests/r1/accept') {
        accepted = true
        return { statusCode: 200, data: request('r1', { status: 'accepted' }) }
      }
      return undefined
    })
    const page = await h.loadPage('packages/timebank/tasks/index')
    // two sections, each loading on its own: the open requests and my (still empty) schedule
    await page.waitForTexts('耳背，请大声敲门', '赵秀英', '还没有接单')
    await page.tapText('我来帮忙')
    await page.waitForTexts('接单成功', '到达签到')
    expect(h.requests.some((r) => r.method === 'POST' && r.path === '/api/v1/timebank/requests/r1/accept')).toBe(true)
  })

  test('工作台 · 时间银行: 派单 to a verified volunteer, settle a dispute with a reason, the monthly report table', async () => {
    h = createHarness({ storage: { 'linli.token': 'tok-s' } })
    const assigned: string[] = []
    h.setRoute((req) => {
      if (req.path === '/api/v1/staff/timebank/requests' && req.url.includes('status=open'))
        return { statusCode: 200, data: { items: assigned.length ? [] : [request('r1', { notes: '耳背，请大声敲门', volunteersNeeded: 2, placesTaken: 1 })], nextCursor: null } }
      if (req.path === '/api/v1/staff/timebank/requests' && req.url.includes('status=disputed'))
        return { statusCode: 200, data: { items: [request('r2', { status: 'disputed', volunteerName: '李强', minutes: 60, disputeReason: '只来了半小时' })], nextCursor: null } }
      if (req.path === '/api/v1/staff/timebank/volunteers') return { statusCode: 200, data: { items: [{ id: 'v1', name: '李强', age: 35, communityName: '东湖社区' }] } }
      if (req.path === '/api/v1/timebank/requests/r1/assign') {
        assigned.push((req.data as { volunteerId: string }).volunteerId)
        return { statusCode: 200, data: request('r1-p', { status: 'accepted' }) }
      }
      if (req.path === '/api/v1/timebank/requests/r2/settle') return { statusCode: 400, data: { error: { code: 'INVALID_INPUT', message: '请填写处理理由' } } }
      if (req.path === '/api/v1/staff/timebank/reports/monthly')
        return {
          statusCode: 200,
          data: { month: '2026-11', rows: [{ volunteerId: 'v1', name: '李强', communityName: '东湖社区', services: 3, minutes: 150, adjustMinutes: 0 }], totalServices: 3, totalMinutes: 150 },
        }
      return undefined
    })
    const page = await h.loadPage('packages/timebank/staff/index/index')
    await page.waitForTexts('耳背，请大声敲门', '需要 2 位志愿者，已有 1 位', '派给：李强')
    await page.tapText('派单')
    await page.waitForText('没有等待派单的请求')
    expect(assigned).toEqual(['v1'])

    await page.tapText('有异议')
    await page.waitForText('只来了半小时')
    await page.tapText('不记时长')
    await page.waitForText('请填写处理理由')

    await page.tapText('月度报表')
    await page.waitForTexts('2 小时 30 分钟', '李强', '下载报表（xlsx）')
  })

  test('工作台 · 时间银行 时长调整: a volunteer, minutes and a reason post an adjustment with an Idempotency-Key', async () => {
    h = createHarness({ storage: { 'linli.token': 'tok-s' } })
    h.setRoute((req) => {
      if (req.path === '/api/v1/staff/timebank/requests') return { statusCode: 200, data: { items: [], nextCursor: null } }
      if (req.path === '/api/v1/staff/timebank/volunteers') return { statusCode: 200, data: { items: [{ id: 'v1', name: '李强', age: 35, communityName: '东湖社区' }] } }
      if (req.path === '/api/v1/staff/timebank/adjustments') return { statusCode: 201, data: { journalId: 'j1', userId: 'v1', minutes: 90, balanceMinutes: 240 } }
      return undefined
    })
    const page = await h.loadPage('packages/timebank/staff/index/index')
    await page.waitForText('没有等待派单的请求')
    await page.tapText('时长调整')
    await page.waitForText('志愿者：李强')
    await page.input('.page--tb-adjust-minutes', '90')
    await page.input('.page--tb-adjust-reason', '补记纸质登记')
    await page.tapText('确认调整')
    await page.waitForText('已调整，李强现有 4 小时')
    const post = h.requests.find((r) => r.path === '/api/v1/staff/timebank/adjustments')
    expect(post?.data).toEqual({ userId: 'v1', minutes: 90, reason: '补记纸质登记' })
    expect(post?.header['Idempotency-Key']).toMatch(/^a-[a-z0-9]+-[a-z0-9]+$/)
  })
})

describe('时间银行 签退 far away (weapp build)', () => {
  let h: Harness
  afterEach(() => h?.close())

  test('a refused check-out is retried with a new key (never 同一个请求编号…); 实际结束时间 is a field and is sent', async () => {
    h = createHarness({ storage: { 'linli.token': 'tok-v' } })
    const checkIn = new Date(Date.now() - 90 * 60_000).toISOString()
    let status: TServiceRequest['status'] = 'in_service'
    h.setRoute((req) => {
      if (req.path === '/api/v1/timebank/requests' && req.method === 'GET') return { statusCode: 200, data: { items: [], nextCursor: null } }
      if (req.path === '/api/v1/me/timebank/requests')
        return { statusCode: 200, data: { items: [request('r1', { status, statusLabel: '服务中', volunteerName: '李强', checkInAt: checkIn })], nextCursor: null } }
      if (req.path === '/api/v1/timebank/requests/r1/check-out') {
        const body = req.data as { proposedEndAt?: string }
        if (!body.proposedEndAt)
          return { statusCode: 422, data: { error: { code: 'CHECKIN_TOO_FAR', message: '您离服务地址太远（需在 300 米以内）；如果已经离开，请填写实际结束时间', details: { reviewPossible: true } } } }
        status = 'awaiting_confirmation'
        return { statusCode: 200, data: request('r1', { status, minutes: 60, checkInAt: checkIn, checkOutProposed: true }) }
      }
      return undefined
    })
    const page = await h.loadPage('packages/timebank/tasks/index')
    await page.waitForText('服务结束签退')
    const outs = () => h.requests.filter((r) => r.path === '/api/v1/timebank/requests/r1/check-out')
    await page.tapText('服务结束签退')
    await page.waitForText('实际结束时间：')
    await h.idle()
    await page.tapText('服务结束签退')
    await waitFor(() => outs().length === 2)
    await h.idle()
    await page.waitForText('实际结束时间：')
    // each tap after an answer is its own action
    expect(outs()[0].header['Idempotency-Key']).not.toBe(outs()[1].header['Idempotency-Key'])
    await page.tapText('30 分钟前')
    await page.tapText('按实际结束时间签退')
    await page.waitForText('已提交实际结束时间')
    expect(outs()).toHaveLength(3)
    const last = outs()[2]
    const proposed = Date.parse((last.data as { proposedEndAt: string }).proposedEndAt)
    // the minute 30 minutes ago (the field holds HH:mm)
    expect(Math.abs(proposed - (Date.now() - 30 * 60_000))).toBeLessThan(2 * 60_000)
    expect(last.header['Idempotency-Key']).not.toBe(outs()[1].header['Idempotency-Key'])
  })
})
