import { createHarness, waitFor, type Harness } from './harness'
import { meResponse } from './fixtures'

describe('我的 page (weapp build)', () => {
  let h: Harness
  afterEach(() => h?.close())

  test('renders the name, masked phone and roles from /api/v1/me', async () => {
    h = createHarness({ storage: { 'linli.token': 'tok-1' } })
    h.setRoute((req) => (req.path === '/api/v1/me' ? { statusCode: 200, data: meResponse() } : undefined))
    const page = await h.loadPage('pages/me/index')
    await page.waitForTexts('王芳', '138****0001', '居民', '志愿者', '幸福里社区', '2 条')
    await h.idle()
    expect(page.text()).not.toContain('工作台')
    expect(h.requests.find((r) => r.path === '/api/v1/me')?.header.Authorization).toBe('Bearer tok-1')
  })

  test('staff see the 工作台 entry', async () => {
    h = createHarness({ storage: { 'linli.token': 'tok-s' } })
    h.setRoute((req) =>
      req.path === '/api/v1/me'
        ? { statusCode: 200, data: meResponse({ name: '社区小李', isStaff: true }, { roles: [{ role: 'community_staff', orgUnitId: 'c1', orgUnitName: '幸福里社区' }] }) }
        : undefined,
    )
    const page = await h.loadPage('pages/me/index')
    await page.waitForTexts('社区小李', '工作台', '社区工作人员')
  })

  test('tapping 长辈模式 switches the page to the elder layout and saves it to the account', async () => {
    h = createHarness({ storage: { 'linli.token': 'tok-1' } })
    let elderMode = false
    h.setRoute((req) => {
      if (req.path === '/api/v1/me' && req.method === 'GET') return { statusCode: 200, data: meResponse({ elderMode }) }
      if (req.path === '/api/v1/me' && req.method === 'PATCH') {
        elderMode = (req.data as { elderMode: boolean }).elderMode
        return { statusCode: 200, data: meResponse({ elderMode }) }
      }
      return undefined
    })
    const page = await h.loadPage('pages/me/index')
    await page.waitForText('王芳')
    await h.idle()
    expect(page.root().className).toContain('normal')
    expect(page.root().className).not.toContain('elder')

    await page.tapText('长辈模式')
    await waitFor(() => expect(page.root().className).toContain('elder'))
    expect(h.storage.get('linli.elderMode')).toBe('on')
    await page.waitForText('长辈模式')
    const patch = await waitFor(() => h.requests.find((r) => r.method === 'PATCH' && r.path === '/api/v1/me') ?? false)
    expect(patch.data).toEqual({ elderMode: true })
  })

  test('an expired session sends the person to the login page', async () => {
    h = createHarness({ storage: { 'linli.token': 'old' } })
    h.setRoute((req) => (req.path === '/api/v1/me' ? { statusCode: 401, data: { error: { code: 'TOKEN_EXPIRED', message: '登录已过期，请重新登录' } } } : undefined))
    await h.loadPage('pages/me/index')
    await waitFor(() => expect(h.navigations).toContain('navigateTo /pages/login/index'))
    expect(h.storage.has('linli.token')).toBe(false)
    // once, however many calls the ended session failed
    await h.idle()
    expect(h.navigations.filter((n) => n.startsWith('navigateTo /pages/login/index'))).toHaveLength(1)
  })
})
