import { createHarness, waitFor, type Harness } from './harness'

describe('WeChat privacy check (weapp build)', () => {
  let h: Harness
  afterEach(() => h?.close())

  test('onNeedPrivacyAuthorization opens our consent page, and 不同意 there answers WeChat’s request', async () => {
    h = createHarness()
    h.setRoute((req) =>
      req.path === '/api/v1/consents/documents/privacy' ? { statusCode: 200, data: { kind: 'privacy', version: '2026-11', title: '邻里通隐私政策', text: '我们只收集办事所必需的信息。' } } : undefined,
    )
    const listener = h.privacyListener()
    expect(listener).not.toBeNull()
    const answers: unknown[] = []
    listener!((r) => answers.push(r), { referrer: 'chooseLocation' })
    expect(h.navigations).toContain('navigateTo /pages/consent/index?from=wechat')

    const page = await h.loadPage('pages/consent/index')
    await page.waitForTexts('我们只收集办事所必需的信息。', '邻里通隐私政策')
    expect(answers).toEqual([])
    await page.tapText('不同意')
    await page.waitForText('不同意隐私政策就无法使用')
    await waitFor(() => expect(answers).toEqual([{ event: 'disagree' }]))
  })
})
