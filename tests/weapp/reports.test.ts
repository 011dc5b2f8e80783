import { createHarness, waitFor, type Harness } from './harness'
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
    {
      id: 'e3',
      action: 'resolve',
      label: '已处理',
      fromStatus: 'in_progress',
      toStatus: 'resolved',
      level: 'grid',
      actorRole: '网格员',
      reason: '已联系交警中队修好信号灯',
      public: true,
      at: '2030-11-27T08:00:00.000Z',
    },
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
    await h.idle()
    expect(page.text()).not.toContain('提交上报')
    await page.tapText('登录')
    await waitFor(() => h.navigations.some((n) => n.startsWith('navigateTo /pages/login/index')))
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
    await page.waitForTexts('环境卫生', '已上传', '已定位：北纬 31.21000，东经 121.43270', '还可加 2 张', '匿名上报', '还差：问题类别、至少 5 个字的描述')

    await page.tapText('环境卫生')
    await page.waitForTexts('东湖路 17 弄门口垃圾桶满了两天没人清运', '约 112 米 · 2 人也遇到')
    await page.tapText('我也遇到')
    await waitFor(() => supported)
    await waitFor(() => h.navigations.some((n) => n.startsWith('navigateTo /packages/reports/detail/index?id=r-near')))

    await page.tapText('交通秩序')
    await page.waitForText('附近 250 米内没有同类问题')
    await page.input('.page--rp-textarea', '红绿灯坏了')
    await page.waitForText('5/500')
    // the draft is saved as it is typed
    await waitFor(() => expect(h.storage.get('linli.reportDraft')).toMatchObject({ description: '红绿灯坏了', category: 'traffic' }))
    await page.tapText('提交上报')
    await waitFor(() => posted !== null)
    expect(posted).toEqual({ category: 'traffic', description: '红绿灯坏了', lat: 31.21, lng: 121.4327, address: '东湖路复兴中路路口', photoKeys: [KEY], anonymous: true, noContact: false })
    await waitFor(() => h.navigations.some((n) => n.startsWith('navigateTo /packages/reports/detail/index?id=r1&new=1')))
    expect(h.storage.has('linli.reportDraft')).toBe(false)
  })

  test('photo upload: a failed upload keeps the form and the photo; 重试 uploads it and the report goes out with it', async () => {
    h = createHarness({
      storage: {
        'linli.token': 'tok-r',
        'linli.reportDraft': { photos: [], category: 'traffic', description: '路口红绿灯不亮了', anonymous: true, lat: 31.21, lng: 121.4327, address: '东湖路复兴中路路口' },
      },
    })
    // the device side of an upload: camera/album, on-device compression, wx.uploadFile (first attempt fails: no network)
    const w = (globalThis as unknown as { wx: Record<string, unknown> }).wx
    const uploads: { filePath: string; name: string; header: Record<string, string> }[] = []
    w.chooseImage = (o: { success?: (r: unknown) => void; complete?: (r: unknown) => void }) =>
      setTimeout(() => {
        const r = { tempFilePaths: ['wxfile://tmp/photo-1.jpg'], tempFiles: [{ path: 'wxfile://tmp/photo-1.jpg', size: 3_000_000 }], errMsg: 'chooseImage:ok' }
        o.success?.(r)
        o.complete?.(r)
      }, 0)
    w.compressImage = (o: { src: string; success?: (r: unknown) => void; complete?: (r: unknown) => void }) =>
      setTimeout(() => {
        const r = { tempFilePath: o.src.replace('.jpg', '-small.jpg'), errMsg: 'compressImage:ok' }
        o.success?.(r)
        o.complete?.(r)
      }, 0)
    w.uploadFile = (o: { filePath: string; name: string; header: Record<string, string>; success?: (r: unknown) => void; fail?: (r: unknown) => void; complete?: (r: unknown) => void }) => {
      uploads.push({ filePath: o.filePath, name: o.name, header: o.header })
      const attempt = uploads.length
      let progress: ((r: { progress: number }) => void) | null = null
      setTimeout(() => {
        progress?.({ progress: 40 })
        const r = attempt === 1 ? { errMsg: 'uploadFile:fail timeout' } : { statusCode: 201, data: JSON.stringify(uploaded), errMsg: 'uploadFile:ok' }
        if (attempt === 1) o.fail?.(r)
        else o.success?.(r)
        o.complete?.(r)
      }, 5)
      return { onProgressUpdate: (cb: (r: { progress: number }) => void) => (progress = cb), abort() {} }
    }
    let posted: Record<string, unknown> | null = null
    h.setRoute((req) => {
      if (req.path === '/api/v1/me') return { statusCode: 200, data: meResponse() }
      if (req.path === '/api/v1/reports/categories') return { statusCode: 200, data: { items: categories } }
      if (req.path === '/api/v1/reports/nearby') return { statusCode: 200, data: { items: [], nextCursor: null } }
      if (req.path === '/api/v1/reports' && req.method === 'POST') {
        posted = req.data as Record<string, unknown>
        return { statusCode: 201, data: detail({ status: 'submitted', statusLabel: '待受理', can: ['comment'] }) }
      }
      return undefined
    })
    const page = await h.loadPage('pages/report/index')
    await page.waitForText('还可加 3 张')
    await page.tapText('拍照或从相册选（还可加 3 张）')
    // the form is intact: the photo stays (with 重试), the description, category and place are still there
    await page.waitForTexts('上传失败', '第 1 张', '重试', '8/500', '已定位：北纬 31.21000，东经 121.43270')
    expect((h.storage.get('linli.reportDraft') as { description: string }).description).toBe('路口红绿灯不亮了')
    expect(posted).toBeNull()

    await page.tapText('重试')
    await page.waitForText('已上传')
    await h.idle()
    expect(page.text()).not.toContain('上传失败')
    // the same compressed file is sent again, as multipart field `file` with the session
    expect(uploads.map((u) => u.filePath)).toEqual(['wxfile://tmp/photo-1-small.jpg', 'wxfile://tmp/photo-1-small.jpg'])
    expect(uploads[1]).toMatchObject({ name: 'file', header: { Authorization: 'Bearer tok-r' } })
    await page.tapText('提交上报')
    await waitFor(() => posted !== null)
    expect(posted).toMatchObject({ category: 'traffic', description: '路口红绿灯不亮了', photoKeys: [KEY], lat: 31.21, lng: 121.4327 })
  })

  test('location consent: the phone position is refused without it; agreeing inline records it and submits', async () => {
    h = createHarness({
      storage: {
        'linli.token': 'tok-r',
        'linli.reportDraft': { photos: [uploaded], category: 'traffic', description: '路口红绿灯不亮了', anonymous: true, lat: 31.21, lng: 121.4327, address: '', locationSource: 'device' },
      },
    })
    const posts: Record<string, unknown>[] = []
    let consent: unknown = null
    h.setRoute((req) => {
      if (req.path === '/api/v1/me') return { statusCode: 200, data: meResponse() }
      if (req.path === '/api/v1/reports/categories') return { statusCode: 200, data: { items: categories } }
      if (req.path === '/api/v1/reports/nearby') return { statusCode: 200, data: { items: [], nextCursor: null } }
      if (req.path === '/api/v1/consents/documents/location')
        return { statusCode: 200, data: { kind: 'location', version: '2026-11', title: '位置信息授权', text: '随手拍时，我们使用您手机的位置来标出问题地点' } }
      if (req.path === '/api/v1/me/consents' && req.method === 'POST') {
        consent = req.data
        return { statusCode: 200, data: meResponse() }
      }
      if (req.path === '/api/v1/reports' && req.method === 'POST') {
        posts.push(req.data as Record<string, unknown>)
        return consent
          ? { statusCode: 201, data: detail({ status: 'submitted', statusLabel: '待受理', can: ['comment'] }) }
          : {
              statusCode: 403,
              data: { error: { code: 'LOCATION_CONSENT_REQUIRED', message: '用手机定位上报需要先同意「位置信息授权」；不想授权也可以，改为手动填写地址', details: { kind: 'location' } } },
            }
      }
      return undefined
    })
    const page = await h.loadPage('pages/report/index')
    await page.waitForText('已上传')
    await page.tapText('提交上报')
    await page.waitForTexts('同意位置信息授权并提交', '随手拍时，我们使用您手机的位置来标出问题地点')
    expect(posts).toEqual([expect.objectContaining({ locationSource: 'device' })])
    expect((h.storage.get('linli.reportDraft') as { description: string }).description).toBe('路口红绿灯不亮了')
    await page.tapText('同意位置信息授权并提交')
    await waitFor(() => h.navigations.some((n) => n.includes('id=r1')))
    expect(consent).toEqual({ kind: 'location', version: '2026-11' })
    expect(posts).toHaveLength(2)
    expect(h.navigations.some((n) => n.startsWith('navigateTo /packages/reports/detail/index?id=r1&new=1'))).toBe(true)
  })

  test('staff queue: 999+ badge, 加载更多 with the cursor, 批量受理 with a per-report result', async () => {
    h = createHarness({ storage: { 'linli.token': 'tok-staff' } })
    const row = (id: string, description: string, version: number) => ({ ...nearbyItem, id, number: `SSP-${id}`, description, status: 'submitted', statusLabel: '待受理', version })
    const cursors: (string | null)[] = []
    let bulk: Record<string, unknown> | null = null
    h.setRoute((req) => {
      if (req.path === '/api/v1/me') return { statusCode: 200, data: meResponse({ isStaff: true }) }
      if (req.path === '/api/v1/staff/reports') {
        const cursor = /cursor=([^&]+)/.exec(req.url)?.[1] ?? null
        cursors.push(cursor)
        const counts = { open: 1000, overdue: 3, submitted: 2 }
        return cursor === 'c1'
          ? { statusCode: 200, data: { items: [row('r3', '第三页的问题：井盖松动', 1)], nextCursor: null, counts, countCap: 1000 } }
          : { statusCode: 200, data: { items: [row('r1', '楼道堆物挡住了消防通道', 1), row('r2', '垃圾房门坏了关不上', 2)], nextCursor: 'c1', counts, countCap: 1000 } }
      }
      if (req.path === '/api/v1/staff/reports/options') return { statusCode: 200, data: { gridWorkers: [{ id: 'u-grid', name: '张伟', unitName: '东湖社区第一网格' }], departments: [] } }
      if (req.path === '/api/v1/staff/reports/bulk' && req.method === 'POST') {
        bulk = req.data as Record<string, unknown>
        return {
          statusCode: 200,
          data: {
            results: [
              { id: 'r1', ok: true, status: 'accepted' },
              { id: 'r2', ok: false, error: { code: 'REPORT_STATE_CONFLICT', message: '这条随手拍的状态已经变了，请刷新后再试' } },
            ],
            succeeded: 1,
            failed: 1,
          },
        }
      }
      return undefined
    })
    const page = await h.loadPage('packages/staff/reports/index/index')
    await page.waitForTexts('楼道堆物挡住了消防通道', '待办 999+', '已超时 3')
    await h.idle()
    expect(page.text()).not.toContain('第三页的问题')
    await page.tapText('加载更多')
    await page.waitForTexts('第三页的问题：井盖松动', '已经到底了', '楼道堆物挡住了消防通道')
    // first page (loaded again when the page shows), then the cursor for the next one
    expect(cursors[0]).toBeNull()
    expect(cursors.filter(Boolean)).toEqual(['c1'])

    await page.tapText('批量处理')
    await page.waitForText('张伟（东湖社区第一网格）')
    await page.tapText('环境卫生：楼道堆物挡住了消防通道')
    await page.tapText('环境卫生：垃圾房门坏了关不上')
    await page.waitForText('已选 2 条')
    await page.tapText('批量受理')
    await page.waitForTexts('完成 1 条，1 条没有完成', '已完成：已受理', '未完成：这条随手拍的状态已经变了，请刷新后再试')
    expect(bulk).toEqual({
      action: 'accept',
      items: [
        { id: 'r1', version: 1 },
        { id: 'r2', version: 2 },
      ],
    })
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
    await page.waitForTexts('已处理待确认', '现在由：东湖社区第一网格处理', '处理期限：11月28日 14:00', '现场照片', '处理后照片')
    await page.waitForTexts('处理说明：已联系交警中队修好信号灯', '网格员受理', '没解决，重新处理')
    await page.tapText('确认已解决并评价')
    await page.waitForText('给这次处理打分')
    await page.tapText('5 星')
    await page.tapText('提交评价')
    await page.waitForTexts('谢谢您的评价', '已办结', '评价：★★★★★')
    expect(confirmed).toEqual({ rating: 5 })
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
    await page.waitForTexts('办结已超过 7 天，不能重新处理', '7 天内可以重新处理')
  })

  test('my reports: status, deadline and the overdue badge; empty state', async () => {
    h = createHarness({ storage: { 'linli.token': 'tok-r' } })
    h.setRoute((req) => {
      if (req.path === '/api/v1/me/reports') return { statusCode: 200, data: { items: [{ ...nearbyItem, overdue: true, statusLabel: '已受理' }], nextCursor: null } }
      return undefined
    })
    const page = await h.loadPage('packages/reports/mine/index')
    await page.waitForTexts('已超时', '环境卫生：东湖路 17 弄门口垃圾桶满了两天没人清运', '期限：11月28日 14:00')
    h.close()
    h = createHarness({ storage: { 'linli.token': 'tok-r' } })
    h.setRoute((req) => (req.path === '/api/v1/me/reports' ? { statusCode: 200, data: { items: [], nextCursor: null } } : undefined))
    const empty = await h.loadPage('packages/reports/mine/index')
    await empty.waitForText('您还没有上报过问题')
  })
})
