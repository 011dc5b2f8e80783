import { createHarness, type Harness } from './harness'
import { meResponse } from './fixtures'

const KEY = `photos/${'a'.repeat(64)}.jpg`
const uploaded = { key: KEY, url: `/files/${KEY}`, thumbnailUrl: `/files/photos/${'a'.repeat(64)}.t.jpg`, width: 1600, height: 1200 }
const categories = [
  { code: 'sanitation', name: '环境卫生', icon: '🧹', limitMinutes: 1440 },
  { code: 'traffic', name: '交通秩序', icon: '🚦', limitMinutes: 1440 },
]
const nearbyItem = {
  id: 'r-near',
  number: 'SSP-001',
  category: 'sanitation',
  categoryName: '环境卫生',
  description: '东湖路 17 弄门口垃圾桶满了两天没人清运',
  status: 'accepted',
  statusLabel: '已受理',
  level: 'grid',
  holder: '东湖社区第一网格',
  deadlineAt: '2030-11-28T06:00:00.000Z',
  overdue: false,
  supporters: 2,
  thumbnailUrl: uploaded.thumbnailUrl,
  createdAt: '2030-11-27T06:00:00.000Z',
  distanceMeters: 112,
}
const detail = (over: Record<string, unknown> = {}) => ({
  id: 'r1',
  number: 'SSP-20301127-0001',
  category: 'traffic',
  categoryName: '交通秩序',
  description: '路口的红绿灯坏了两天，老人过马路很危险',
  lat: 31.21,
  lng: 121.4327,
  address: '东湖路复兴中路路口',
  status: 'resolved',
  statusLabel: '已处理待确认',
  level: 'grid',
  holder: '东湖社区第一网格',
  deadlineAt: '2030-11-28T06:00:00.000Z',
  overdue: false,
  supporters: 0,
  photos: [
    { key: KEY, url: uploaded.url, thumbnailUrl: uploaded.thumbnailUrl, kind: 'before' },
    { key: `photos/${'b'.repeat(64)}.jpg`, url: '/files/b.jpg', thumbnailUrl: '/files/b.t.jpg', kind: 'after' },
  ],
  createdAt: '2030-11-27T06:00:00.000Z',
  resolvedAt: '2030-11-27T08:00:00.000Z',
  rating: null,
  mergedInto: null,
  rejectReason: null,
  resolutionNote: '已联系交警中队修好信号灯',
  timeline: [
    { id: 'e1', action: 'submit', label: '居民上报', fromStatus: null, toStatus: 'submitted', level: 'grid', actorRole: '居民', reason: null, public: true, at: '2030-11-27T06:00:00.000Z' },
    { id: 'e2', action: 'accept', label: '网格员受理', fromStatus: 'submitted', toStatus: 'accepted', level: 'grid', actorRole: '网格员', reason: null, public: true, at: '2030-11-27T06:30:00.000Z' },
    { id: 'e3', action: 'resolve', label: '已处理', fromStatus: 'in_progress', toStatus: 'resolved', level: 'grid', actorRole: '网格员', reason: '已联系交警中队修好信号灯', public: true, at: '2030-11-27T08:00:00.000Z' },
  ],
  can: ['confirm', 'reopen'],
  mine: true,
  supported: false,
  version: 5,
  reporter: null,
  anonymous: true,
  communityName: '东湖社区',
  gridName: '第一网格',
  departmentName: null,
  assigneeName: null,
  ...over,
})

describe('随手拍 pages (weapp build)', () => {
  let h: Harness
  afterEach(() => h?.close())

  test('logged out: the tab asks to log in instead of showing the form', async () => {
    h = createHarness()
    h.setRoute(() => undefined)
    const page = await h.loadPage('pages/report/index')
    await page.waitForText('登录后才能上报')
    expect(page.text()).not.toContain('提交上报')
    await page.tapText('登录')
    expect(h.navigations.some((n) => n.startsWith('navigateTo /pages/login/index'))).toBe(true)
  })

  test('report form: the draft comes back, categories load, a nearby same-category report offers 我也遇到, and submit posts the form', async () => {
    h = createHarness({
      storage: {
        'linli.token': 'tok-r',
        'linli.reportDraft': { photos: [uploaded], category: '', description: '', anonymous: true, lat: 31.21, lng: 121.4327, address: '东湖路复兴中路路口' },
      },
    })
    let posted: Record<string, unknown> | null = null
    let supported = false
    h.setRoute((req) => {
      if (req.path === '/api/v1/me') return { statusCode: 200, data: meResponse() }
      if (req.path === '/api/v1/reports/categories') return { statusCode: 200, data: { items: categories } }
      if (req.path === '/api/v1/reports/nearby') {
        const cat = /category=(\w+)/.exec(req.url)?.[1]
        return { statusCode: 200, data: { items: cat === 'sanitation' ? [nearbyItem] : [], nextCursor: null } }
      }
      if (req.path === '/api/v1/reports/r-near/support') {
        supported = true
        return { statusCode: 200, data: { ...detail({ id: 'r-near' }), supporters: 3 } }
      }
      if (req.path === '/api/v1/reports' && req.method === 'POST') {
        posted = req.data as Record<string, unknown>
        return { statusCode: 201, data: detail({ status: 'submitted', statusLabel: '待受理', can: ['comment'] }) }
      }
      return undefined
    })
    const page = await h.loadPage('pages/report/index')
    await page.waitForText('环境卫生')
    expect(page.text()).toContain('已上传')
    expect(page.text()).toContain('已定位：北纬 31.21000，东经 121.43270')
    expect(page.text()).toContain('还可加 2 张')
    expect(page.text()).toContain('匿名上报')
    expect(page.text()).toContain('还差：问题类别、至少 5 个字的描述')

    await page.tapText('环境卫生')
    await page.waitForText('东湖路 17 弄门口垃圾桶满了两天没人清运')
    expect(page.text()).toContain('约 112 米 · 2 人也遇到')
    await page.tapText('我也遇到')
    for (let i = 0; i < 50 && !supported; i++) await new Promise((r) => setTimeout(r, 10))
    expect(supported).toBe(true)
    expect(h.navigations.some((n) => n.startsWith('navigateTo /packages/reports/detail/index?id=r-near'))).toBe(true)

    await page.tapText('交通秩序')
    await page.waitForText('附近 250 米内没有同类问题')
    await page.input('.page--rp-textarea', '红绿灯坏了')
    await page.waitForText('5/500')
    // the draft is saved as it is typed
    expect((h.storage.get('linli.reportDraft') as { description: string; category: string }).description).toBe('红绿灯坏了')
    expect((h.storage.get('linli.reportDraft') as { category: string }).category).toBe('traffic')
    await page.tapText('提交上报')
    for (let i = 0; i < 100 && !posted; i++) await new Promise((r) => setTimeout(r, 10))
    expect(posted).toEqual({ category: 'traffic', description: '红绿灯坏了', lat: 31.21, lng: 121.4327, address: '东湖路复兴中路路口', photoKeys: [KEY], anonymous: true })
    for (let i = 0; i < 100 && !h.navigations.some((n) => n.includes('id=r1')); i++) await new Promise((r) => setTimeout(r, 10))
    expect(h.navigations.some((n) => n.startsWith('navigateTo /packages/reports/detail/index?id=r1&new=1'))).toBe(true)
    expect(h.storage.has('linli.reportDraft')).toBe(false)
  })

  test('report page: photos before/after, who holds it and the deadline, the timeline; confirm with 5 stars', async () => {
    h = createHarness({ storage: { 'linli.token': 'tok-r' } })
    let confirmed: unknown = null
    h.setRoute((req) => {
      if (req.path === '/api/v1/me') return { statusCode: 200, data: meResponse() }
      if (req.path === '/api/v1/reports/r1' || req.path === '/api/v1/reports/undefined' || /^\/api\/v1\/reports\/[^/]*$/.test(req.path)) return { statusCode: 200, data: detail() }
      if (req.path === '/api/v1/reports/r1/confirm') {
        confirmed = req.data
        return { statusCode: 200, data: detail({ status: 'closed', statusLabel: '已办结', rating: 5, can: [] }) }
      }
      return undefined
    })
    const page = await h.loadPage('packages/reports/detail/index')
    await page.waitForText('已处理待确认')
    const t = page.text()
    expect(t).toContain('现在由：东湖社区第一网格处理')
    expect(t).toContain('处理期限：11月28日 14:00')
    expect(t).toContain('现场照片')
    expect(t).toContain('处理后照片')
    expect(t).toContain('处理说明：已联系交警中队修好信号灯')
    expect(t).toContain('网格员受理')
    expect(t).toContain('没解决，重新处理')
    await page.tapText('确认已解决并评价')
    await page.waitForText('给这次处理打分')
    await page.tapText('5 星')
    await page.tapText('提交评价')
    await page.waitForText('谢谢您的评价')
    expect(confirmed).toEqual({ rating: 5 })
    expect(page.text()).toContain('已办结')
    expect(page.text()).toContain('评价：★★★★★')
  })

  test('report page: reopen needs a reason; an error is shown inline and the form is kept', async () => {
    h = createHarness({ storage: { 'linli.token': 'tok-r' } })
    h.setRoute((req) => {
      if (req.path === '/api/v1/me') return { statusCode: 200, data: meResponse() }
      if (req.path.endsWith('/reopen')) return { statusCode: 409, data: { error: { code: 'REOPEN_WINDOW_PASSED', message: '办结已超过 7 天，不能重新处理', details: {} } } }
      if (/^\/api\/v1\/reports\/[^/]*$/.test(req.path)) return { statusCode: 200, data: detail() }
      return undefined
    })
    const page = await h.loadPage('packages/reports/detail/index')
    await page.waitForText('没解决，重新处理')
    await page.tapText('没解决，重新处理')
    await page.waitForText('7 天内可以重新处理')
    await page.input('.page--rp-textarea', '灯还是不亮')
    await page.tapText('提交，重新处理')
    await page.waitForText('办结已超过 7 天，不能重新处理')
    expect(page.text()).toContain('7 天内可以重新处理')
  })

  test('my reports: status, deadline and the overdue badge; empty state', async () => {
    h = createHarness({ storage: { 'linli.token': 'tok-r' } })
    h.setRoute((req) => {
      if (req.path === '/api/v1/me/reports') return { statusCode: 200, data: { items: [{ ...nearbyItem, overdue: true, statusLabel: '已受理' }], nextCursor: null } }
      return undefined
    })
    const page = await h.loadPage('packages/reports/mine/index')
    await page.waitForText('已超时')
    expect(page.text()).toContain('环境卫生：东湖路 17 弄门口垃圾桶满了两天没人清运')
    expect(page.text()).toContain('期限：11月28日 14:00')
    h.close()
    h = createHarness({ storage: { 'linli.token': 'tok-r' } })
    h.setRoute((req) => (req.path === '/api/v1/me/reports' ? { statusCode: 200, data: { items: [], nextCursor: null } } : undefined))
    const empty = await h.loadPage('packages/reports/mine/index')
    await empty.waitForText('您还没有上报过问题')
  })
})
