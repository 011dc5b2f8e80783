import { createHarness, losingFirstAnswer, serverRoute, staffHarness, useDemoServer, SETUP_MS, waitFor, type Harness } from './harness'
import { meResponse } from './fixtures'
import type { TGoods, TMyPoints, TPointsHistoryItem, TPointsRule, TReconciliation, TRedemption } from '../../types/points'

const balance = (over: Partial<TMyPoints> = {}): TMyPoints => ({
  communityId: 'c1',
  available: 45,
  held: 15,
  expiringSoon: 12,
  expiringOn: '2026-12-31',
  earnedThisYear: 45,
  ...over,
})
const entry = (id: string, memo: string, points: number, over: Partial<TPointsHistoryItem> = {}): TPointsHistoryItem => ({
  id,
  journalId: `j${id}`,
  kind: 'earn',
  bucket: 'available',
  points,
  memo,
  reason: null,
  createdAt: '2026-11-20T02:00:00.000Z',
  ...over,
})
const goods = (id: string, name: string, price: number, stock: number): TGoods => ({
  id,
  communityId: 'c1',
  name,
  description: '社区服务中心一楼领取',
  photoUrl: null,
  photoKey: null,
  kind: 'goods',
  kindLabel: '实物',
  price,
  stock,
  perPersonLimit: null,
  activeFrom: null,
  activeUntil: null,
  active: true,
})

const demoServer = useDemoServer()

/** community staff of one community: the staff pages load at once, nothing to pick */
const staffMe = () => meResponse({ name: '刘敏', isStaff: true }, { roles: [{ role: 'community_staff', orgUnitId: '0190aaaa-0000-7000-8000-0000000000c1', orgUnitName: '幸福里社区' }] })

describe('积分 pages (weapp build)', () => {
  let h: Harness
  afterEach(() => h?.close())

  test('我的积分 shows the balance, what is held, what expires and the history with reasons', async () => {
    h = createHarness({ storage: { 'linli.token': 'tok-1' } })
    h.setRoute((req) => {
      if (req.path === '/api/v1/me') return { statusCode: 200, data: meResponse() }
      if (req.path === '/api/v1/me/points') return { statusCode: 200, data: balance() }
      if (req.path === '/api/v1/me/points/history')
        return {
          statusCode: 200,
          data: {
            items: [
              entry('3', '冲正：志愿服务', -10, { kind: 'reverse', reason: '重复录入' }),
              entry('2', '兑换「理发服务 1 次」（待领取）', 15, { kind: 'hold', bucket: 'held' }),
              entry('1', '志愿服务', 10),
            ],
            nextCursor: null,
          },
        }
      return undefined
    })
    const page = await h.loadPage('packages/points/index/index')
    // the balance and the history load on their own
    await page.waitForTexts('可用积分', '45', '兑换中（待领取）：15 分', '有 12 分将于 2026-12-31 到期', '积分商城')
    await page.waitForTexts('志愿服务', '原因：重复录入', '-10', '+10')
    await h.idle()
    expect(page.text()).not.toContain('积分管理')
    expect(h.requests.find((r) => r.path === '/api/v1/me/points')?.header.Authorization).toBe('Bearer tok-1')
  })

  test('我的积分 with no history says how to earn, and a failed load offers 重试', async () => {
    h = createHarness({ storage: { 'linli.token': 'tok-1' } })
    let fail = true
    h.setRoute((req) => {
      if (req.path === '/api/v1/me') return { statusCode: 200, data: meResponse() }
      if (req.path === '/api/v1/me/points') return { statusCode: 200, data: balance({ available: 0, held: 0, expiringSoon: 0, expiringOn: null }) }
      if (req.path === '/api/v1/me/points/history') {
        if (fail) return { statusCode: 500, data: { error: { code: 'INTERNAL', message: '服务器开小差了，请稍后再试' } } }
        return { statusCode: 200, data: { items: [], nextCursor: null } }
      }
      return undefined
    })
    const page = await h.loadPage('packages/points/index/index')
    await page.waitForText('服务器开小差了')
    fail = false
    await page.tapText('重试')
    await page.waitForText('还没有积分记录')
    await h.idle()
    expect(page.text()).not.toContain('到期')
  })

  test('积分商城 lists goods, redeems after a confirmation and shows the 核销码', async () => {
    h = createHarness({ storage: { 'linli.token': 'tok-1' } })
    const redeemed: TRedemption[] = []
    h.setRoute((req) => {
      if (req.path === '/api/v1/me') return { statusCode: 200, data: meResponse() }
      if (req.path === '/api/v1/me/points') return { statusCode: 200, data: balance({ available: 40, held: 0 }) }
      if (req.path === '/api/v1/points/goods') return { statusCode: 200, data: { items: [goods('g1', '洗衣液 2kg', 30, 3), goods('g2', '东北大米 5kg', 50, 2), goods('g3', '毛巾', 5, 0)] } }
      if (req.path === '/api/v1/me/points/redemptions') return { statusCode: 200, data: { items: redeemed, nextCursor: null } }
      if (req.path === '/api/v1/points/redemptions' && req.method === 'POST') {
        const r: TRedemption = {
          id: '0190aaaa-0000-7000-8000-0000000000r1',
          goodsId: 'g1',
          goodsName: '洗衣液 2kg',
          userName: '王芳',
          points: 30,
          code: '12345678',
          qrText: 'linli:redeem:x:12345678',
          status: 'held',
          holdUntil: '2026-12-11T04:00:00.000Z',
          createdAt: '2026-11-27T04:00:00.000Z',
          closedAt: null,
        }
        redeemed.push(r)
        return { statusCode: 201, data: r }
      }
      return undefined
    })
    const page = await h.loadPage('packages/points/shop/index')
    await page.waitForTexts('洗衣液 2kg', '可用积分：40 分', '还没有兑换记录')
    await page.waitForTexts('积分不够，还差 10 分', '已兑完') // 大米 50, 毛巾
    await page.tapText('兑换')
    await page.waitForTexts('确认兑换', '将使用 30 积分')
    await page.tapText('确认兑换')
    await page.waitForText('兑换成功！核销码 12345678')
    const post = h.requests.find((r) => r.method === 'POST' && r.path === '/api/v1/points/redemptions')
    expect(post?.data).toEqual({ goodsId: 'g1' })
    expect(post?.header['Idempotency-Key']).toMatch(/^a-[a-z0-9]+-[a-z0-9]+$/)
    await page.waitForTexts('出示兑换码', '待领取')
  })
})

describe('积分 staff editors (weapp build)', () => {
  let h: Harness
  afterEach(() => h?.close())
  const rule: TPointsRule = {
    id: 'r1',
    communityId: 'c1',
    kind: 'valid_report',
    kindLabel: '随手拍有效上报',
    name: '随手拍有效上报',
    description: '',
    points: 5,
    needsReview: false,
    dailyCap: 10,
    monthlyCap: null,
    activeFrom: null,
    activeUntil: null,
    active: true,
  }

  test('积分规则设置 lists rules with caps, refuses a fractional amount before sending, and creates a rule', async () => {
    h = createHarness({ storage: { 'linli.token': 'tok-staff' } })
    const rules = [rule]
    h.setRoute((req) => {
      if (req.path === '/api/v1/me') return { statusCode: 200, data: staffMe() }
      if (req.path === '/api/v1/staff/points/catalogue') return { statusCode: 200, data: { rules, goods: [] } }
      if (req.method === 'POST' && req.path === '/api/v1/staff/points/rules') {
        const body = req.data as Record<string, unknown>
        const created = { ...rule, ...body, id: 'r2', kind: 'custom', kindLabel: '其他', description: '' } as TPointsRule
        rules.push(created)
        return { statusCode: 201, data: created }
      }
      return undefined
    })
    const page = await h.loadPage('packages/points/staff/rules/index')
    await page.waitForTexts('随手拍有效上报', '每天最多 10 分', '长期有效')
    await page.tapText('新增积分规则')
    await page.waitForText('保存规则')
    await page.input('.page--pts-rule-name', '楼道清洁')
    await page.input('.page--pts-rule-points', '1.5')
    await page.tapText('保存规则')
    await page.waitForText('积分应为整数')
    expect(h.requests.some((r) => r.method === 'POST')).toBe(false)
    await page.input('.page--pts-rule-points', '3')
    await page.input('.page--pts-rule-daily', '6')
    await page.tapText('保存规则')
    await page.waitForText('已保存「楼道清洁」')
    const post = h.requests.find((r) => r.method === 'POST' && r.path === '/api/v1/staff/points/rules')
    expect(post?.data).toMatchObject({ kind: 'custom', name: '楼道清洁', points: 3, dailyCap: 6, monthlyCap: null, needsReview: false, active: true })
    await page.waitForText('每天最多 6 分')
  })

  test('商品与库存 shows stock and limits; 补货 sends the new stock with PUT; a server refusal is shown', async () => {
    h = createHarness({ storage: { 'linli.token': 'tok-staff' } })
    const g = { ...goods('g1', '洗衣液 2kg', 30, 0), perPersonLimit: 2 }
    let puts = 0
    h.setRoute((req) => {
      if (req.path === '/api/v1/me') return { statusCode: 200, data: staffMe() }
      if (req.path === '/api/v1/staff/points/catalogue') return { statusCode: 200, data: { rules: [], goods: [g] } }
      if (req.method === 'PUT' && req.path === '/api/v1/staff/points/goods/g1') {
        puts++
        const body = req.data as { stock: number }
        if (body.stock > 1000) return { statusCode: 400, data: { error: { code: 'INVALID_INPUT', message: '填写的内容有误', details: { fields: { stock: '库存太多了' } } } } }
        Object.assign(g, { stock: body.stock })
        return { statusCode: 200, data: g }
      }
      return undefined
    })
    const page = await h.loadPage('packages/points/staff/goods/index')
    await page.waitForTexts('洗衣液 2kg', '库存 0 件 · 每人限兑 2 件', '已兑完')
    await page.tapText('修改 / 补货')
    await page.waitForText('保存商品')
    await page.input('.page--pts-goods-stock', '5000')
    await page.tapText('保存商品')
    await page.waitForText('库存太多了')
    await page.input('.page--pts-goods-stock', '20')
    await page.tapText('保存商品')
    await page.waitForText('已保存「洗衣液 2kg」，库存 20')
    expect(puts).toBe(2)
    const put = h.requests.filter((r) => r.method === 'PUT').pop()
    expect(put?.data).toMatchObject({ name: '洗衣液 2kg', price: 30, stock: 20, perPersonLimit: 2, kind: 'goods', photoUrl: null })
    await page.waitForText('库存 20 件')
  })
})

describe('积分 staff pages against the demo server (weapp build)', () => {
  jest.setTimeout(SETUP_MS)
  let h: Harness
  afterEach(() => h?.close())

  const signIn = (username: string) => staffHarness(demoServer(), username)

  test('积分调整: finds 王芳; an adjustment without a reason is refused in Chinese; with one it is posted and listed in 调整记录', async () => {
    h = await signIn('staff01')
    const page = await h.loadPage('packages/points/staff/adjust/index')
    await page.waitForText('还没有人工调整记录')
    await page.input('.page--pts-input', '王芳')
    await page.tapText('查找')
    await page.waitForTexts('可用 45 分', '138')
    await page.tapText('王芳')
    await page.waitForTexts('2. 调整 王芳 的积分', '现有可用 45 分')
    expect(page.root().querySelectorAll('.page--pts-input')).toHaveLength(2) // 积分数, then 原因
    // a deduction without a reason
    await page.tapText('扣减')
    await page.input('.page--pts-input', '5')
    await page.tapText('确认扣减')
    await page.waitForText('请填写原因（至少 2 个字），居民会看到')
    // an addition without a reason
    await page.tapText('增加')
    await page.tapText('确认增加')
    await page.waitForText('请填写原因（至少 2 个字），居民会看到')
    expect(h.requests.some((r) => r.method === 'POST')).toBe(false)
    await page.input('.page--pts-input ~ .page--pts-input', '补录11月志愿服务')
    await page.tapText('确认增加')
    await page.waitForTexts('已为 王芳增加 5 积分，居民已收到通知', '原因：补录11月志愿服务', '经办 刘敏', '+5')
    await h.idle()
    expect(page.text()).not.toContain('还没有人工调整记录')
    // the server holds it: 王芳 now has 50
    await page.input('.page--pts-input', '王芳')
    await page.tapText('查找')
    await page.waitForText('可用 50 分')
  })

  test("积分台账: this month's table for 东湖社区 with 获得积分", async () => {
    h = await signIn('staff01')
    const page = await h.loadPage('packages/points/staff/ledger/index')
    const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7)
    await page.waitForTexts('获得积分', `东湖社区 · ${month}`)
    await waitFor(() => expect(page.text()).toMatch(/获得积分[1-9]\d* 笔 · [1-9]\d* 分 · \+[1-9]\d*/))
    await waitFor(() => expect(page.text()).toMatch(/居民当前可用 [1-9]\d* 分/))
    await h.idle()
    expect(page.text()).not.toContain('这个月没有积分变动')
  })
})

describe('积分兑换 on a weak network (weapp build, demo server)', () => {
  jest.setTimeout(SETUP_MS)
  let h: Harness
  afterEach(() => h?.close())

  test('a redeem whose answer is lost, tapped again by the resident, takes the points once', async () => {
    const server = demoServer()
    const call = async <T>(method: string, path: string, token: string, body?: unknown): Promise<T> => {
      const res = await fetch(`${server.url}/api/v1${path}`, {
        method,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      expect(res.status).toBeLessThan(300)
      return (await res.json()) as T
    }
    const login = async (path: string, body: unknown) =>
      (
        (await (await fetch(`${server.url}/api/v1${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json()) as {
          token: string
        }
      ).token
    const resident = await login('/auth/sms/verify', { phone: '13800000001', code: '123456' }) // 王芳, 东湖社区
    const staff = await login('/auth/staff/login', { username: 'staff01', password: 'demo1234' })
    const before = await call<TMyPoints>('GET', '/me/points', resident)
    const ledgerBefore = await call<TReconciliation>('GET', '/staff/points/reconciliation', staff)
    const redemptionsBefore = (await call<{ items: TRedemption[] }>('GET', '/me/points/redemptions?limit=50', resident)).items
    const heldBefore = redemptionsBefore.filter((r) => r.status === 'held').length

    h = createHarness({ storage: { 'linli.token': resident } })
    // the server handles the first redeem, but its answer never reaches the phone
    const isRedeem = (req: { method: string; path: string }) => req.method === 'POST' && req.path === '/api/v1/points/redemptions'
    h.setRoute(losingFirstAnswer(serverRoute(server.url), isRedeem))
    const page = await h.loadPage('packages/points/shop/index')
    await page.waitForTexts(`可用积分：${before.available} 分`, '洗衣液 2kg', '理发服务 1 次')
    await page.tapText('兑换')
    await page.waitForText('确认兑换')
    const [, name, price] = /兑换「([^」]+)」将使用 (\d+) 积分/.exec(page.text()) ?? []
    expect(Number(price)).toBeGreaterThan(0)
    await page.tapText('确认兑换')
    await page.waitForText('网络连接失败，请检查网络后重试')
    // the resident taps again
    await page.tapText('确认兑换')
    await page.waitForText('兑换成功！核销码')

    const posts = h.requests.filter(isRedeem)
    expect(posts).toHaveLength(2)
    expect(posts[1].header['Idempotency-Key']).toBe(posts[0].header['Idempotency-Key'])
    // on the server: the points went once, one redemption, one journal, the ledger still balances
    const after = await call<TMyPoints>('GET', '/me/points', resident)
    expect(after.available).toBe(before.available - Number(price))
    expect(after.held).toBe(before.held + Number(price))
    const redemptions = (await call<{ items: TRedemption[] }>('GET', '/me/points/redemptions?limit=50', resident)).items
    expect(redemptions).toHaveLength(redemptionsBefore.length + 1)
    expect(redemptions.filter((r) => r.goodsName === name && r.status === 'held')).toHaveLength(1)
    const ledgerAfter = await call<TReconciliation>('GET', '/staff/points/reconciliation', staff)
    expect(ledgerAfter.ok).toBe(true)
    expect(ledgerAfter.journals).toBe(ledgerBefore.journals + 1)
    // and the page lists the one new code
    await waitFor(() => expect(page.text().split('出示兑换码').length - 1).toBe(heldBefore + 1))
  })
})
