import { readFileSync } from 'node:fs'
import path from 'node:path'
import { ARTIFACTS, acceptPrivacyIfAsked, fill, loginByPhone, phonePage } from './browser'
import { describeH5 } from './suite'

async function staffToken(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/v1/auth/staff/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'staff01', password: 'demo1234' }),
  })
  return ((await res.json()) as { token: string }).token
}

describeH5('H5: 积分 — check in by QR, redeem, 核销 at the counter', (env) => {
  test('王芳 opens the event QR link, checks in, sees her points, redeems 洗衣液; staff01 核销 it', async () => {
    const base = env().server.url
    // staff start an event: the QR holds this URL (a phone camera opens it in the browser)
    const token = await staffToken(base)
    const catalogue = (await (await fetch(`${base}/api/v1/staff/points/catalogue`, { headers: { authorization: `Bearer ${token}` } })).json()) as { rules: { id: string; kind: string }[] }
    const rule = catalogue.rules.find((r) => r.kind === 'event_attendance')!
    const made = await fetch(`${base}/api/v1/staff/points/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ruleId: rule.id, title: '重阳节敬老活动', validMinutes: 60 }),
    })
    const event = (await made.json()) as { url: string }
    expect(event.url).toMatch(/^\/packages\/points\/checkin\/index\?code=/)

    const page = await phonePage(env().browser)
    await loginByPhone(page, base, '13800000001')
    await page.goto(base + event.url)
    await page.getByText('确认签到').click()
    await page.getByText('签到成功：重阳节敬老活动').waitFor()
    await page.getByText('+5').waitFor()
    await page.screenshot({ path: path.join(ARTIFACTS, 'points-checkin.png'), fullPage: true })

    await page.getByText('查看我的积分').click()
    await page.getByText('可用积分').waitFor()
    await page.locator('.pts-big').getByText('50').waitFor() // 45 from the demo + 5
    await page.getByText('重阳节敬老活动').or(page.getByText('参加社区活动')).first().waitFor()
    await page.screenshot({ path: path.join(ARTIFACTS, 'points-me.png'), fullPage: true })

    await page.getByText('积分商城', { exact: true }).first().click()
    const card = page.locator('.pts-goods').filter({ hasText: '洗衣液 2kg' })
    await card.waitFor()
    await card.getByText('兑换', { exact: true }).click()
    await card.getByText('确认兑换').click()
    const done = page.getByText(/兑换成功！核销码 \d{8}/)
    await done.waitFor()
    const code = /核销码 (\d{8})/.exec(await done.innerText())![1]
    await page.getByText('出示兑换码').first().click()
    await page.locator('.pts-code').waitFor()
    expect(await page.locator('.pts-code').innerText()).toBe(code)
    const qr = page.locator('img.pts-qr, .pts-qr img').first()
    await qr.waitFor()
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/)
    await page.screenshot({ path: path.join(ARTIFACTS, 'points-redemption-code.png'), fullPage: true })

    // at the counter: staff01 types the code (the camera scan is the mini-program's)
    const counter = await phonePage(env().browser)
    await counter.goto(base + '/pages/login/index')
    await counter.locator('.login-switch').click()
    await fill(counter, '工作人员账号', 'staff01')
    await fill(counter, '密码', 'demo1234')
    await counter.locator('.login-submit').click()
    await acceptPrivacyIfAsked(counter, '工作台')
    await counter.locator('.staff-home').waitFor() // staff land on 工作台
    await counter.goto(base + '/packages/points/staff/index')
    await counter.getByText('兑换核销').waitFor()
    await fill(counter, '输入 8 位核销码', '00000000')
    await counter.getByText('查找', { exact: true }).click()
    await counter.getByText('核销码不正确，请核对后再试').waitFor()
    await fill(counter, '输入 8 位核销码', code)
    await counter.getByText('查找', { exact: true }).click()
    await counter.getByText('王芳 兑换「洗衣液 2kg」').waitFor()
    await counter.getByText('确认交付，核销').click()
    await counter.getByText('核销成功：洗衣液 2kg，已交给 王芳').waitFor()
    await counter.screenshot({ path: path.join(ARTIFACTS, 'points-staff-redeemed.png'), fullPage: true })

    await page.reload()
    await page.getByText('已领取，谢谢参与！').waitFor()
  })

  test("staff01 adjusts 李强 by +8 with a reason, sees it in the adjust journal and downloads the month's ledger as Excel", async () => {
    const base = env().server.url
    const page = await phonePage(env().browser)
    await page.goto(base + '/pages/login/index')
    await page.locator('.login-switch').click()
    await fill(page, '工作人员账号', 'staff01')
    await fill(page, '密码', 'demo1234')
    await page.locator('.login-submit').click()
    await acceptPrivacyIfAsked(page, '工作台')
    await page.locator('.staff-home').waitFor() // staff land on 工作台

    await page.goto(base + '/packages/points/staff/index')
    await page.getByText('积分调整', { exact: true }).click()
    await page.getByText('1. 找到居民').waitFor()
    await fill(page, '姓名或手机号', '李强')
    // H5 keeps the 积分管理 page (with its own 查找) mounted underneath: the visible one is this page's
    await page
      .locator('.lp-btn:visible')
      .filter({ hasText: /^查找$/ })
      .click()
    await page.getByText(/138\*\*\*\*0002 · 可用 \d+ 分/).click()
    await page.getByText('2. 调整 李强 的积分').waitFor()
    await fill(page, '积分数，例如 10', '8')
    await page.getByText('确认增加').click()
    await page.getByText('请填写原因（至少 2 个字），居民会看到').waitFor()
    await fill(page, '原因（必填，居民会看到）', '补录清明节植树活动')
    await page.getByText('确认增加').click()
    await page.getByText('已为 李强增加 8 积分，居民已收到通知').waitFor()
    const row = page.locator('.pts-table-row').filter({ hasText: '补录清明节植树活动' })
    await row.waitFor()
    expect(await row.innerText()).toContain('+8')
    await page.screenshot({ path: path.join(ARTIFACTS, 'points-staff-adjust.png'), fullPage: true })

    await page.goto(base + '/packages/points/staff/ledger/index')
    const adjust = page.locator('.pts-table-row').filter({ hasText: '人工调整' })
    await adjust.waitFor()
    expect(await adjust.innerText()).toMatch(/[1-9]\d* 笔/)
    await page.screenshot({ path: path.join(ARTIFACTS, 'points-staff-ledger.png'), fullPage: true })
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByText('下载本月台账（Excel）').click()])
    expect(download.suggestedFilename()).toMatch(/^东湖社区-积分台账-\d{4}-\d{2}\.xlsx$/)
    const file = await download.path()
    const bytes = readFileSync(file) as Buffer
    expect(bytes.subarray(0, 2).toString()).toBe('PK')
    await page.getByText('台账已下载').waitFor()
  })
})
