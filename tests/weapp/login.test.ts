import { createHarness, waitFor, type Harness } from './harness'
import { meResponse } from './fixtures'

describe('login page (weapp build)', () => {
  let h: Harness
  afterEach(() => h?.close())

  test('shows the phone form, and switches to the staff form', async () => {
    h = createHarness()
    const page = await h.loadPage('pages/login/index')
    await page.waitForTexts('手机号登录', '获取验证码', '微信一键登录')
    await h.idle()
    expect(page.text()).not.toContain('密码')

    await page.tapText('工作人员登录')
    await page.waitForTexts('密码', '账号')
    await h.idle()
    expect(page.text()).not.toContain('获取验证码')
  })

  test('a wrong phone number is explained inline, nothing is sent', async () => {
    h = createHarness()
    const page = await h.loadPage('pages/login/index')
    await page.input('.page--lp-input', '12345')
    await page.tapText('获取验证码')
    await page.waitForText('手机号应为 11 位数字')
    expect(h.requests).toHaveLength(0)
  })

  test('phone + code signs in, stores the token and opens the privacy policy when it is pending', async () => {
    h = createHarness()
    h.setRoute((req) => {
      if (req.path === '/api/v1/auth/sms/send') return { statusCode: 200, data: { sent: true, expiresInSeconds: 300, resendInSeconds: 60, demoHint: '演示账号验证码 123456' } }
      if (req.path === '/api/v1/auth/sms/verify') {
        const body = req.data as { phone: string; code: string }
        if (body.code !== '123456') return { statusCode: 401, data: { error: { code: 'SMS_CODE_INVALID', message: '验证码不正确' } } }
        return { statusCode: 200, data: { token: 'tok-1', user: meResponse().user, expiresAt: '2026-12-01T00:00:00Z' } }
      }
      if (req.path === '/api/v1/me') return { statusCode: 200, data: meResponse({}, { pendingConsents: ['privacy'] }) }
      return undefined
    })
    const page = await h.loadPage('pages/login/index')
    await page.waitForText('获取验证码')
    const inputs = page.root().querySelectorAll('wx-input')
    expect(inputs).toHaveLength(2)
    await page.input('.page--lp-input', '13800000001')
    await page.tapText('获取验证码')
    await page.waitForText('演示账号验证码 123456')
    await waitFor(() => expect(page.text()).toMatch(/\d+ 秒后重发/))

    await page.input('.page--login-code', '000000')
    await page.tapText('登录')
    await page.waitForText('验证码不正确')

    await page.input('.page--login-code', '123456')
    await page.tapText('登录')
    await waitFor(() => expect(h.navigations).toContain('redirectTo /pages/consent/index'))
    expect(h.storage.get('linli.token')).toBe('tok-1')
    const meCall = h.requests.find((r) => r.path === '/api/v1/me')
    expect(meCall?.header.Authorization).toBe('Bearer tok-1')
  })

  test('in 长辈模式 the resend button rests without a ticking countdown', async () => {
    h = createHarness({ storage: { 'linli.elderMode': 'on' } })
    h.setRoute((req) => (req.path === '/api/v1/auth/sms/send' ? { statusCode: 200, data: { sent: true, expiresInSeconds: 300, resendInSeconds: 60 } } : undefined))
    const page = await h.loadPage('pages/login/index')
    await waitFor(() => expect(page.root().className).toContain('elder'))
    await page.input('.page--lp-input', '13800000004')
    await page.tapText('获取验证码')
    await page.waitForText('已发送')
    await h.idle()
    expect(page.text()).not.toMatch(/秒后重发/)
  })
})
