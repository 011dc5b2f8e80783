import path from 'node:path'
import sharp from 'sharp'
import ExcelJS from 'exceljs'
import { ARTIFACTS, acceptPrivacyIfAsked, fill, loginByPhone } from './browser'
import { describeH5 } from './suite'

/**
 * H5 end to end on the real node server. The test moves the app's clock forward by the length of
 * the service instead of waiting an hour.
 */
describeH5('H5: 时间银行 — a daughter asks for help for her mother, a volunteer serves, the mother confirms', (env) => {
  jest.setTimeout(180_000)
  let offsetMinutes = 0
  beforeAll(() => {
    env().server.deps.clock = { now: () => new Date(Date.now() + offsetMinutes * 60_000) }
  })

  async function token(phone: string): Promise<string> {
    const res = await fetch(`${env().server.url}/api/v1/auth/sms/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phone, code: '123456' }) })
    return ((await res.json()) as { token: string }).token
  }
  async function post(tok: string, p: string, body: unknown) {
    const res = await fetch(`${env().server.url}/api/v1${p}`, { method: 'POST', headers: { authorization: `Bearer ${tok}`, 'content-type': 'application/json' }, body: JSON.stringify(body) })
    return (await res.json()) as { id: string }
  }

  test('request → accept → check-in/out with the browser location → confirm in elder mode → minutes and certificate', async () => {
    const base = env().server.url
    // 陈静 is bound to 赵秀英 too (the binding flow itself is covered by family.test.ts)
    const link = await post(await token('13800000003'), '/family/links', { elderPhone: '13800000004', relation: 'child', scopes: ['request_services', 'view_hours'] })
    await post(await token('13800000004'), `/family/links/${link.id}/confirm`, {})

    // the daughter, from another city
    const daughterCtx = await env().browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, locale: 'zh-CN' })
    const daughter = await daughterCtx.newPage()
    await loginByPhone(daughter, base, '13800000003')
    await daughter.goto(base + '/packages/timebank/ask/index')
    await daughter.getByText('需要什么帮助').waitFor()
    await daughter.getByText('打扫卫生', { exact: true }).click()
    await daughter.getByText('给赵秀英').click()
    await daughter.getByText('明天上午').click()
    await daughter.locator('textarea').fill('腰不好，请帮忙擦窗户')
    await daughter.getByText('发出请求').click()
    await daughter.getByText(/已发出请求：赵秀英/).waitFor()
    await daughter.screenshot({ path: path.join(ARTIFACTS, 'timebank-daughter-request.png'), fullPage: true })

    // the volunteer, standing at 赵秀英's door (东湖路 9 弄 3 号)
    const volunteerCtx = await env().browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      locale: 'zh-CN',
      geolocation: { latitude: 31.2096, longitude: 121.4331 },
      permissions: ['geolocation'],
    })
    const volunteer = await volunteerCtx.newPage()
    await loginByPhone(volunteer, base, '13800000002')
    await volunteer.goto(base + '/packages/timebank/tasks/index')
    const card = volunteer.locator('.lp-card').filter({ hasText: '腰不好，请帮忙擦窗户' })
    await card.waitFor()
    await card.getByText('我来帮忙').click()
    await volunteer.getByText('接单成功，请按时上门').waitFor()
    // tomorrow morning, half an hour before the start (check-in opens an hour before)
    const li = await token('13800000002')
    const serving = (await (await fetch(`${base}/api/v1/me/timebank/requests?role=serving`, { headers: { authorization: `Bearer ${li}` } })).json()) as { items: { notes: string; startsAt: string }[] }
    const startsAt = Date.parse(serving.items.find((x) => x.notes === '腰不好，请帮忙擦窗户')!.startsAt)
    offsetMinutes = Math.ceil((startsAt - 30 * 60_000 - Date.now()) / 60_000)
    await volunteer.getByText('到达签到').click()
    await volunteer.getByText('已签到，开始服务').waitFor()
    offsetMinutes += 62 // an hour of cleaning
    await volunteer.getByText('服务结束签退').click()
    await volunteer.getByText('已签退，服务 1 小时，等待老人确认').waitFor()
    await volunteer.screenshot({ path: path.join(ARTIFACTS, 'timebank-volunteer-checked-out.png'), fullPage: true })

    // the mother confirms, in elder mode
    const motherCtx = await env().browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, locale: 'zh-CN' })
    const mother = await motherCtx.newPage()
    await loginByPhone(mother, base, '13800000004')
    await mother.goto(base + '/packages/timebank/requests/index')
    await mother.getByText('服务了 1 小时，请确认并评价').waitFor()
    await mother.locator('.lp.elder').last().waitFor()
    await expect(mother.getByText('由陈静代为申请').count()).resolves.toBeGreaterThan(0)
    const confirm = mother.getByText('确认，非常满意')
    const box = await confirm.boundingBox()
    expect(box!.height).toBeGreaterThanOrEqual(60)
    await mother.screenshot({ path: path.join(ARTIFACTS, 'timebank-mother-confirm-elder-mode.png'), fullPage: true })
    await confirm.click()
    await mother.getByText('已确认 1 小时，谢谢您的评价').waitFor()

    // the volunteer's minutes (150 from the demo + 60) and certificate
    await volunteer.goto(base + '/packages/timebank/hours/index')
    await volunteer.getByText('可用 3 小时 30 分钟').waitFor()
    await volunteer.getByText('开具时长证明').click()
    await volunteer.getByText(/累计志愿服务 3\.5 小时（3 次）/).waitFor()
    const qr = volunteer.locator('img.tb-qr, .tb-qr img').first()
    await qr.waitFor()
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/)
    await volunteer.screenshot({ path: path.join(ARTIFACTS, 'timebank-certificate.png'), fullPage: true })
    const code = /验证码：([A-Z0-9]{12})/.exec(await volunteer.getByText(/验证码：/).innerText())![1]
    const verified = (await (await fetch(`${base}/api/v1/timebank/certificates/${code}`)).json()) as { valid: boolean; totalMinutes: number; name: string }
    expect(verified).toMatchObject({ valid: true, totalMinutes: 210, name: '李*' })

    // the certificate as an image, downloaded from the hours page
    const [download] = await Promise.all([volunteer.waitForEvent('download'), volunteer.getByText('下载证明图片').click()])
    expect(download.suggestedFilename()).toBe(`志愿服务时长证明-${code}.png`)
    const saved = path.join(ARTIFACTS, 'timebank-certificate-image.png')
    await download.saveAs(saved)
    expect(await sharp(saved).metadata()).toMatchObject({ format: 'png', width: 1000, height: 1400 })

    // the verify link stays inside the card and opens the in-app 核验 page (not raw JSON)
    const verifyLink = volunteer.locator('.tb-link').filter({ visible: true }).first()
    expect(await verifyLink.innerText()).toBe(`${base}/packages/timebank/verify/index?code=${code}`)
    const inCard = await verifyLink.evaluate((el) => {
      const card = el.closest('.lp-card')!.getBoundingClientRect()
      const box = el.getBoundingClientRect()
      return box.left >= card.left - 0.5 && box.right <= card.right + 0.5 && document.documentElement.scrollWidth <= window.innerWidth
    })
    expect(inCard).toBe(true)
    await verifyLink.click()
    await volunteer.locator('.tb-verdict').filter({ hasText: '证书有效' }).waitFor()
    await volunteer.getByText('志愿者 李*').waitFor()
    await volunteer.getByText(/累计服务 3\.5 小时（3 小时 30 分钟，3 次）/).waitFor()
    await volunteer.screenshot({ path: path.join(ARTIFACTS, 'timebank-certificate-verify.png'), fullPage: true })
    // anyone scanning it, not logged in, at 320 px: the same page; a wrong code says 证书无效
    const strangerCtx = await env().browser.newContext({ viewport: { width: 320, height: 640 }, locale: 'zh-CN' })
    const stranger = await strangerCtx.newPage()
    await stranger.goto(`${base}/packages/timebank/verify/index?code=${code}`)
    await acceptPrivacyIfAsked(stranger, '证书有效')
    await stranger.locator('.tb-verdict').filter({ hasText: '证书有效' }).filter({ visible: true }).waitFor()
    await stranger.goto(`${base}/packages/timebank/verify/index?code=ZZZZZZZZZZZZ`)
    await stranger.locator('.tb-verdict').filter({ hasText: '证书无效' }).filter({ visible: true }).waitFor()
    await stranger.getByText('找不到这份时长证明，请核对验证码').filter({ visible: true }).waitFor()
    await stranger.screenshot({ path: path.join(ARTIFACTS, 'timebank-certificate-invalid-320.png'), fullPage: true })
    await strangerCtx.close()
  })

  test('staff01 on a desktop: 工作台 → 时间银行 → 月度报表 shows 李强 and downloads the xlsx', async () => {
    const base = env().server.url
    const staffCtx = await env().browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' })
    const staff = await staffCtx.newPage()
    await staff.goto(base + '/pages/login/index')
    await staff.locator('.login-switch').click()
    await staff.getByText('工作人员登录').first().waitFor()
    await fill(staff, '工作人员账号', 'staff01')
    await fill(staff, '密码', 'demo1234')
    await staff.locator('.login-submit').click()
    await acceptPrivacyIfAsked(staff, '工作台')
    await staff.locator('.staff-home').waitFor() // staff land on 工作台
    await staff.locator('.staff-timebank-entry').click()
    await staff.locator('.tb-tab').filter({ hasText: '待派单' }).waitFor()
    // 待派单: the demo's open request for 陈国华 (by his daughter) waits here
    await staff.getByText('代为申请：陈静').first().waitFor()
    await staff.screenshot({ path: path.join(ARTIFACTS, 'timebank-staff-open.png'), fullPage: true })
    await staff.locator('.tb-tab').filter({ hasText: '月度报表' }).click()
    const row = staff.locator('.tb-tr').filter({ hasText: '李强' })
    await row.waitFor()
    await staff.screenshot({ path: path.join(ARTIFACTS, 'timebank-staff-monthly.png'), fullPage: true })
    const [download] = await Promise.all([staff.waitForEvent('download'), staff.locator('.tb-report-download').click()])
    const saved = path.join(env().server.dataDir, 'hours.xlsx')
    await download.saveAs(saved)
    const book = new ExcelJS.Workbook()
    await book.xlsx.readFile(saved)
    const names: unknown[] = []
    book.worksheets[0].eachRow((r) => names.push(r.getCell(2).value))
    expect(names).toContain('李强')
    await staffCtx.close()
  })
})
