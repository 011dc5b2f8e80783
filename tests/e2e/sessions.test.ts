import { fill, loginByPhone, phonePage, acceptPrivacyIfAsked } from './browser'
import { describeH5 } from './suite'

// Issue 20 item 3 on the pages: 退出登录 ends the session on the server, not only in the browser;
// staff login keeps the known-device token and sends it back next time.
describeH5('H5: sessions end on the server', (env) => {
  test('退出登录 on 我的 ends the session: the old token is refused afterwards', async () => {
    const page = await phonePage(env().browser)
    let token = ''
    page.on('request', (req) => {
      const auth = req.headers()['authorization']
      if (auth?.startsWith('Bearer ')) token = auth.slice(7)
    })
    await loginByPhone(page, env().server.url, '13800000001')
    expect(token).not.toBe('')
    const before = await fetch(`${env().server.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } })
    expect(before.status).toBe(200)

    await page.locator('.me-logout').click()
    await page.locator('.me-login').waitFor()
    const after = await fetch(`${env().server.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } })
    expect(after.status).toBe(401)
    expect(((await after.json()) as { error: { code: string } }).error.code).toBe('SESSION_ENDED')
  })

  test('staff: the second password login sends the known-device token the first one got', async () => {
    const page = await phonePage(env().browser)
    const deviceHeaders: (string | undefined)[] = []
    page.on('request', (req) => {
      if (req.url().endsWith('/api/v1/auth/staff/login')) deviceHeaders.push(req.headers()['x-device-token'])
    })
    for (let round = 0; round < 2; round++) {
      await page.goto(env().server.url + '/pages/login/index')
      await page.getByText('手机号登录').first().waitFor()
      await page.locator('.login-switch').click()
      await fill(page, '工作人员账号', 'grid01')
      await fill(page, '密码', 'demo1234')
      await page.locator('.login-submit').click()
      // staff land on 工作台 (issue 14); 退出登录 is on 我的
      await acceptPrivacyIfAsked(page, '随手拍工单')
      await page.locator('.staff-home').waitFor()
      await page.goto(env().server.url + '/pages/me/index')
      await page.locator('.me-logout').click()
      await page.locator('.me-login').waitFor()
    }
    expect(deviceHeaders).toHaveLength(2)
    expect(deviceHeaders[0]).toBeUndefined()
    expect(deviceHeaders[1]).toMatch(/^[A-Za-z0-9_-]{40,}$/)
  })
})
