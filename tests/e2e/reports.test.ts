import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import sharp from 'sharp'
import type { Browser, Page } from 'playwright-core'
import { ARTIFACTS, acceptPrivacyIfAsked, fill, gpsAt, loginByPhone } from './browser'
import { describeH5 } from './suite'

/** 东湖社区第一网格 (its box is 31.205–31.215 N, 121.430–121.435 E): grid01's grid. */
const HERE = gpsAt({ latitude: 31.21, longitude: 121.4327 })

async function photo(seed: number): Promise<string> {
  const w = 1600
  const h = 1200
  const raw = Buffer.alloc(w * h * 3)
  for (let i = 0; i < raw.length; i++) raw[i] = (i * seed + (i >> 7)) & 0xff
  const file = path.join(os.tmpdir(), `linli-report-${process.pid}-${seed}.jpg`)
  fs.writeFileSync(
    file,
    await sharp(raw, { raw: { width: w, height: h, channels: 3 } })
      .jpeg({ quality: 80 })
      .toBuffer(),
  )
  return file
}

async function phone(browser: Browser, geo = false): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    locale: 'zh-CN',
    ...(geo ? { geolocation: HERE, permissions: ['geolocation'] } : {}),
  })
  return context.newPage()
}

async function setElder(page: Page, on: boolean): Promise<void> {
  await page.evaluate((v) => localStorage.setItem('linli.elderMode', JSON.stringify({ data: v })), on ? 'on' : 'off')
}

/** The same step in normal mode and in 长辈模式 (the page reloads; drafts and sessions survive). */
async function shoot(page: Page, name: string, waitFor: string): Promise<void> {
  fs.mkdirSync(ARTIFACTS, { recursive: true })
  await page.screenshot({ path: path.join(ARTIFACTS, `reports-${name}-normal.png`), fullPage: true })
  await setElder(page, true)
  await page.reload()
  await page.locator('.lp.elder').first().waitFor()
  await page.getByText(waitFor).first().waitFor()
  await page.waitForTimeout(300) // images settle (not an assertion)
  await page.screenshot({ path: path.join(ARTIFACTS, `reports-${name}-elder.png`), fullPage: true })
  await setElder(page, false)
  await page.reload()
  await page.locator('.lp.normal').first().waitFor()
  await page.getByText(waitFor).first().waitFor()
}

function btn(page: Page, label: string) {
  return page
    .locator('.lp-btn')
    .filter({ hasText: new RegExp(`^${label.replace(/[()（）]/g, '.')}$`) })
    .first()
}

describeH5('H5: 随手拍 — a resident reports with a photo, grid01 accepts and resolves, the resident confirms', (env) => {
  test('王芳 reports with a photo and her location; grid01 accepts, resolves with an after photo; she confirms and rates 5 stars', async () => {
    const base = env().server.url
    const before = await photo(7)
    const after = await photo(13)

    // ── resident: the form ──
    const page = await phone(env().browser, true)
    await loginByPhone(page, base, '13800000001')
    await page.goto(base + '/pages/report/index')
    await page.getByText('1. 拍照（1–3 张）').waitFor()
    // nothing is located (and nothing is red) before she asks: consent in one sentence, then locate
    await btn(page, '同意并定位').click()
    await page.getByText('已定位：北纬 31.21000，东经 121.43270').waitFor()
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByText(/拍照或从相册选/).click()])
    await chooser.setFiles(before)
    await page.getByText('已上传').waitFor()
    await page.getByText('🧹 环境卫生').click()
    // a nearby open report of the same category (the demo seed): "我也遇到" instead of a duplicate
    await page.getByText('东湖路 17 弄门口垃圾桶满了两天没人清运，有异味').waitFor()
    expect(await btn(page, '我也遇到').isVisible()).toBe(true)
    await page.getByText('🚦 交通秩序').click()
    await page.getByText('附近 250 米内没有同类问题，请继续上报').waitFor()
    await fill(page, '例如：东湖路 17 弄 2 号门口', '东湖路复兴中路路口')
    await page.locator('textarea').first().fill('路口的红绿灯坏了两天，老人过马路很危险')
    await page.getByText('19/500').waitFor()
    expect(await page.locator('.lp-toggle.is-on').count()).toBe(1) // 匿名 by default
    await shoot(page, '1-form', '已上传') // the reload proves the draft (photo, text, location) survives
    expect(await page.locator('textarea').first().inputValue()).toBe('路口的红绿灯坏了两天，老人过马路很危险')
    await btn(page, '提交上报').click()
    await page.getByText('上报成功！').waitFor()
    await page.getByText(/现在由：.*网格处理/).waitFor()
    const reportUrl = page.url()
    await shoot(page, '2-submitted', '处理进度')

    // ── grid01: queue → accept → start → resolve with an after photo ──
    const staff = await phone(env().browser)
    await staff.goto(base + '/pages/login/index')
    await staff.locator('.login-switch').click()
    await fill(staff, '工作人员账号', 'grid01')
    await fill(staff, '密码', 'demo1234')
    await staff.locator('.login-submit').click()
    await acceptPrivacyIfAsked(staff, '工作台')
    await staff.locator('.staff-home').waitFor() // staff land on 工作台
    await btn(staff, '随手拍工单').click()
    await staff.getByText(/待受理 \d+/).waitFor()
    await staff.getByText('交通秩序：路口的红绿灯坏了两天，老人过马路很危险').waitFor()
    await shoot(staff, '3-queue', '交通秩序：路口的红绿灯坏了两天，老人过马路很危险')
    await staff.getByText('交通秩序：路口的红绿灯坏了两天，老人过马路很危险').click()
    await staff.getByText('上报人：王芳').waitFor()
    await btn(staff, '受理').click()
    await staff.getByText('受理：已完成，现在「已受理」').waitFor()
    await btn(staff, '开始处理').click()
    await staff.getByText('开始处理：已完成，现在「处理中」').waitFor()
    await btn(staff, '办结（拍处理后照片）').click()
    const [afterChooser] = await Promise.all([staff.waitForEvent('filechooser'), staff.getByText(/拍处理后的照片/).click()])
    await afterChooser.setFiles(after)
    await staff.getByText('已上传').waitFor()
    await staff.locator('textarea').first().fill('已联系交警中队修好信号灯')
    await staff.screenshot({ path: path.join(ARTIFACTS, 'reports-4-resolve-form-normal.png'), fullPage: true })
    await btn(staff, '确定').click()
    await staff.getByText(/现在「已处理待确认」/).waitFor()
    await shoot(staff, '5-resolved', '处理后照片')

    // ── resident: confirm and rate ──
    await page.goto(reportUrl.replace('&new=1', ''))
    await page.getByText('处理说明：已联系交警中队修好信号灯').waitFor()
    await page.getByText('处理后照片').waitFor()
    await btn(page, '确认已解决并评价').click()
    await page.getByText('5 星').click()
    await page.locator('textarea').first().fill('修得很快，谢谢')
    await btn(page, '提交评价').click()
    await page.getByText('谢谢您的评价').waitFor()
    await page.getByText('已办结').first().waitFor()
    await page.getByText('评价：★★★★★').waitFor()
    await shoot(page, '6-confirmed', '评价：★★★★★')

    // my reports list shows it
    await page.goto(base + '/packages/reports/mine/index')
    await page.getByText('交通秩序：路口的红绿灯坏了两天，老人过马路很危险').waitFor()
    await shoot(page, '7-mine', '交通秩序：路口的红绿灯坏了两天，老人过马路很危险')
    fs.rmSync(before, { force: true })
    fs.rmSync(after, { force: true })
  })
})
