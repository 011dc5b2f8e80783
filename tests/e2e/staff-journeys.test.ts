import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import sharp from 'sharp'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { issueSession } from '../../cloud/accounts/issue-session'
import { ARTIFACTS, acceptPrivacyIfAsked, fill, gpsAt, loginByPhone } from './browser'
import { describeH5 } from './suite'

/**
 * Issue 14, the staff side and the location flow, walked as the people would:
 * 2 (where is it: map, 导航, distance, photos, calling the reporter), 7 (工作台 by role, landing,
 * community picker), 8 (consent first, pin with the grid's name, moving it, address mismatch),
 * 9 (a desk: table + side panel, date inputs), 10 (elder mode: tab bar, login, refresh) and the
 * staff parts of 11 (‹ 返回, the counter shows an existing booking, 办结 says what is missing).
 */

/** 东湖社区第一网格 (box 31.205–31.215 N, 121.430–121.435 E) */
const HERE = gpsAt({ latitude: 31.21, longitude: 121.4327 })
/** grid01 standing about 550 m south of it */
const WORKER = gpsAt({ latitude: 31.205, longitude: 121.4327 })

async function photo(seed: number): Promise<string> {
  const w = 800
  const h = 600
  const raw = Buffer.alloc(w * h * 3)
  for (let i = 0; i < raw.length; i++) raw[i] = (i * seed + (i >> 6)) & 0xff
  const file = path.join(os.tmpdir(), `linli-j2-${process.pid}-${seed}.jpg`)
  fs.writeFileSync(
    file,
    await sharp(raw, { raw: { width: w, height: h, channels: 3 } })
      .jpeg({ quality: 80 })
      .toBuffer(),
  )
  return file
}

async function context(browser: Browser, opts: { width?: number; height?: number; geo?: { latitude: number; longitude: number } } = {}): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: opts.width ?? 375, height: opts.height ?? 812 },
    deviceScaleFactor: 2,
    locale: 'zh-CN',
    ...(opts.geo ? { geolocation: opts.geo, permissions: ['geolocation'] } : {}),
  })
}

async function staffLogin(page: Page, base: string, username: string): Promise<void> {
  await page.goto(base + '/pages/login/index')
  await page.locator('.login-switch').click()
  await page.getByText('工作人员登录').first().waitFor()
  await fill(page, '工作人员账号', username)
  await fill(page, '密码', 'demo1234')
  await page.locator('.login-submit').click()
  try {
    await acceptPrivacyIfAsked(page, '工作台')
  } catch (e) {
    console.log('LOGIN STUCK', page.url(), await page.locator('body').innerText())
    throw e
  }
  await page.locator('.staff-home').waitFor()
}

function btn(page: Page, label: string) {
  return page
    .locator('.lp-btn:visible')
    .filter({ hasText: new RegExp(`^${label.replace(/[()（）]/g, '.')}$`) })
    .first()
}

async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(ARTIFACTS, { recursive: true })
  await page.waitForTimeout(400) // Taro's page slide-in settles (not an assertion)
  await page.screenshot({ path: path.join(ARTIFACTS, `staff-journeys-${name}.png`), fullPage: true })
}

async function setElder(page: Page, on: boolean): Promise<void> {
  await page.evaluate((v) => localStorage.setItem('linli.elderMode', JSON.stringify({ data: v })), on ? 'on' : 'off')
}

describeH5('H5: staff see where a problem is, work by role, at a desk and in 长辈模式', (env) => {
  jest.setTimeout(240_000)

  test('8 + 2 + 11: 王芳 pins a problem (consent first, grid named, pin moved, address checked); grid01 lands on 工作台, sees the map, 导航, distance, big photos, calls her (audited); 办结 says what is missing; ‹ 返回', async () => {
    const base = env().server.url
    const before = await photo(5)
    const db = env().server.deps.db.kysely

    // ── resident: the location step asks nothing and shows nothing red until she taps ──
    const resident = await (await context(env().browser, { geo: HERE })).newPage()
    await loginByPhone(resident, base, '13800000001')
    await resident.goto(base + '/pages/report/index')
    await resident.getByText('2. 位置').waitFor()
    await resident.getByText('标出问题在哪里：同意后我们读取一次您手机的位置，只用来把问题派给所在网格。').waitFor()
    expect(await resident.getByText(/没有拿到位置/).count()).toBe(0)
    expect(await resident.locator('.geo-svg').count()).toBe(0)
    await shot(resident, '8-1-before-consent')
    await btn(resident, '同意并定位').click()
    await resident.getByText('已定位：北纬 31.21000，东经 121.43270').waitFor()
    // the pin on a drawing of the grid, with the grid's name
    await resident.locator('.geo-svg .geo-pin').waitFor()
    await resident.locator('.geo-svg .geo-boundary').waitFor()
    await resident.getByText('东湖社区 · 东湖社区第一网格').waitFor()
    // the consent is recorded (once, with its version) before the position was read
    const wang = await db.selectFrom('users').select('id').where('phone', '=', '13800000001').executeTakeFirstOrThrow()
    expect(await db.selectFrom('consents').select('kind').where('user_id', '=', wang.id).where('kind', '=', 'location').execute()).toHaveLength(1)

    // she moves the pin a little (tap on the drawing): the coordinates follow, marked as placed by hand
    const svg = resident.locator('.geo-svg')
    const box = (await svg.boundingBox())!
    await svg.click({ position: { x: box.width * 0.5, y: box.height * 0.62 } })
    await resident.getByText(/^已标出：北纬 31\.\d{5}，东经 121\.\d{5}$/).waitFor()
    expect(await resident.getByText('已定位：北纬 31.21000，东经 121.43270').count()).toBe(0)
    await resident.getByText('东湖社区 · 东湖社区第一网格').waitFor()

    // an address naming another community: she is warned, and the warning goes once it agrees
    await fill(resident, '例如：东湖路 17 弄 2 号门口', '高安路 8 号门口')
    await resident.getByText(/您写的地址像是在高安社区，但地图上的标记在东湖社区/).waitFor()
    await shot(resident, '8-2-pin-mismatch')
    await fill(resident, '例如：东湖路 17 弄 2 号门口', '东湖路 17 弄 2 号门口')
    await resident.getByText(/您写的地址像是在/).waitFor({ state: 'detached' })

    const [chooser] = await Promise.all([resident.waitForEvent('filechooser'), resident.getByText(/拍照或从相册选/).click()])
    await chooser.setFiles(before)
    await resident.getByText('已上传').waitFor()
    await resident.getByText('🚧 市政设施').click()
    await resident.locator('textarea').first().fill('井盖松动，踩上去会晃，晚上看不清')
    await resident.locator('.rp-no-contact').getByText('处理的工作人员需要时可以打电话问您情况').waitFor()
    await btn(resident, '提交上报').click()
    await resident.getByText('上报成功！').waitFor()
    const report = await db.selectFrom('reports').select(['id', 'number', 'no_contact', 'lat']).where('description', '=', '井盖松动，踩上去会晃，晚上看不清').executeTakeFirstOrThrow()
    expect(report.no_contact).toBe(false)
    expect(report.lat).not.toBe(31.21) // the moved pin was sent

    // ── grid01: lands on 工作台 with only what a grid worker can use ──
    const worker = await (await context(env().browser, { geo: WORKER })).newPage()
    await staffLogin(worker, base, 'grid01')
    await worker.locator('.staff-reports-entry').waitFor()
    // a grid worker's two: the report queue and the water-meter care alerts of their grid
    expect(await worker.locator('.staff-module').allInnerTexts()).toEqual([expect.stringContaining('随手拍工单'), expect.stringContaining('关爱预警')])
    expect(await worker.getByText('待确认的亲情绑定').count()).toBe(0)
    expect(await worker.getByText(/没有权限/).count()).toBe(0)
    await shot(worker, '7-grid01-workbench')
    await worker.locator('.staff-reports-entry').click()
    await worker.getByText('市政设施：井盖松动，踩上去会晃，晚上看不清').click()

    // where it is: the point inside the grid's boundary, the name, coordinates, 导航, distance
    await worker.getByText('在哪里').waitFor()
    await worker.locator('.sr-where .geo-svg .geo-boundary').waitFor()
    await worker.locator('.sr-where').getByText('东湖社区第一网格').waitFor()
    await worker
      .locator('.sr-where')
      .getByText(/北纬 31\.\d{5}，东经 121\.\d{5}/)
      .waitFor()
    await worker.locator('.sr-where').getByText('地址：东湖路 17 弄 2 号门口').waitFor()
    const nav = await worker.locator('a.sr-nav').getAttribute('href')
    expect(nav).toMatch(/^https:\/\/uri\.amap\.com\/marker\?position=121\.43\d+,31\.2\d+&name=/)
    await btn(worker, '离我多远').click()
    await worker.getByText(/^距您约 \d+ 米（直线）$/).waitFor()
    const meters = Number((await worker.getByText(/^距您约 \d+ 米/).innerText()).match(/约 (\d+) 米/)![1])
    expect(meters).toBeGreaterThan(300)
    expect(meters).toBeLessThan(800)

    // the photo, large
    await worker.locator('.rp-photos-before .rp-big-photo').first().click()
    await worker.locator('.pv .pv-img').waitFor()
    await shot(worker, '2-photo-lightbox')
    await worker.locator('.pv-close').click()
    await worker.locator('.pv').waitFor({ state: 'detached' })

    // calling the reporter: the full number only on tap, and the look is in the audit log
    expect(await worker.getByText('13800000001').count()).toBe(0)
    await btn(worker, '联系上报人（显示完整号码）').click()
    await worker.getByText('拨打 13800000001').waitFor()
    expect(await worker.locator('a.sr-tel').getAttribute('href')).toBe('tel:13800000001')
    const audit = await db.selectFrom('audit_log').select(['actor_id', 'subject_id', 'details']).where('action', '=', 'report.reporter_phone_viewed').execute()
    expect(audit).toHaveLength(1)
    expect(audit[0].subject_id).toBe(wang.id)
    expect(JSON.stringify(audit[0].details)).toContain(report.number)
    await shot(worker, '2-ticket-where')
    await worker.setViewportSize({ width: 320, height: 640 })
    await setElder(worker, true)
    await worker.reload()
    await worker.locator('.lp.elder .sr-where .geo-svg').waitFor()
    await shot(worker, '2-ticket-where-elder-320')
    expect(await worker.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320)
    await setElder(worker, false)
    await worker.setViewportSize({ width: 375, height: 812 })
    await worker.reload()

    // 办结 without note or photo: 确定 says what is missing
    await btn(worker, '受理').click()
    await worker.getByText('受理：已完成，现在「已受理」').waitFor()
    await btn(worker, '开始处理').click()
    await worker.getByText('开始处理：已完成，现在「处理中」').waitFor()
    await btn(worker, '办结（拍处理后照片）').click()
    await worker.getByText('还差：至少 1 张处理后的照片、处理说明（至少 2 个字，居民能看到）').waitFor()
    await shot(worker, '11-resolve-hint')

    // ‹ 返回 (H5 has no navigation bar): this page was refreshed above, so there is no page
    // behind it — back leads to where staff start, 工作台
    await worker.locator('.lp-back:visible').click()
    await worker.locator('.staff-home').waitFor()
    // opened from the queue, back leads to the queue
    await worker.locator('.staff-reports-entry').click()
    await worker.getByText('市政设施：井盖松动，踩上去会晃，晚上看不清').click()
    await worker.getByText('在哪里').waitFor()
    await worker.locator('.lp-back:visible').click()
    await worker.getByText(/待受理 \d+/).waitFor()
    expect(worker.url()).toContain('/packages/staff/reports/index/index')

    // a reporter who chose 不希望被联系: staff are told so and get no number
    await db.updateTable('reports').set({ no_contact: true }).where('id', '=', report.id).execute()
    await worker.goto(`${base}/packages/staff/reports/detail/index?id=${report.id}`)
    await worker.getByText('上报人选择了「不希望被联系」，请通过处理说明回复 TA。').waitFor()
    expect(await worker.getByText('联系上报人（显示完整号码）').count()).toBe(0)
    fs.rmSync(before, { force: true })
  })

  test('7: admin01 lands on 工作台, opens 积分管理 and picks a community instead of a dead end; dept01 sees only 随手拍 and its own figures', async () => {
    const base = env().server.url
    const admin = await (await context(env().browser)).newPage()
    await staffLogin(admin, base, 'admin01')
    for (const m of ['reports', 'checkups', 'points', 'timebank']) await admin.locator(`.staff-${m}-entry`).waitFor()
    await admin.locator('.staff-points-entry').click()
    await admin.getByText('您负责多个社区，先选一个：').waitFor()
    expect(await admin.getByText('请先选择所在社区').count()).toBe(0)
    await shot(admin, '7-admin-pick-community')
    await admin.locator('.cp-choice:visible').filter({ hasText: '东湖社区' }).click()
    await admin.getByText('社区：东湖社区').waitFor()
    await admin.getByText('兑换核销').waitFor()
    await admin.locator('.lp:visible').getByText(/刷新/).first().waitFor()
    expect(await admin.getByText('请先选择所在社区').count()).toBe(0)
    expect(await admin.locator('.lp-state-error:visible').count()).toBe(0)
    await shot(admin, '7-admin-points')
    // the choice holds on the points sub-pages too
    await admin.goto(base + '/packages/points/staff/ledger/index')
    await admin.getByText('社区：东湖社区').waitFor()
    await admin.getByText('东湖社区').first().waitFor()
    expect(await admin.getByText('请先选择所在社区').count()).toBe(0)

    const dept = await (await context(env().browser)).newPage()
    await staffLogin(dept, base, 'dept01')
    await dept.locator('.staff-reports-entry').waitFor()
    // a department works its queue and sees its own queue's figures (数据概览), nothing else
    expect(await dept.locator('.staff-module').allInnerTexts()).toEqual([expect.stringContaining('数据概览'), expect.stringContaining('随手拍工单')])
    expect(await dept.getByText('登记老人（无手机）').count()).toBe(0)
  })

  test('9 + 11: staff01 at a 1280 px desk: the queue is a table with filters beside it, a ticket opens in the side panel; sessions take typed dates; the counter shows 陈国华 is already booked', async () => {
    const base = env().server.url
    const desk = await (await context(env().browser, { width: 1280, height: 800 })).newPage()
    await staffLogin(desk, base, 'staff01')
    await desk.locator('.staff-reports-entry').click()
    const table = desk.locator('table.sr-table')
    await table.waitFor()
    expect(await table.locator('th').allInnerTexts()).toEqual(['编号', '类别', '地点', '处理单位', '期限', '状态'])
    const first = table.locator('tbody tr').first()
    await first.waitFor()
    // tickets above the fold, filters beside (not above) the table
    const rowBox = (await first.boundingBox())!
    expect(rowBox.y + rowBox.height).toBeLessThan(800)
    const sideBox = (await desk.locator('.sr-side').boundingBox())!
    const tableBox = (await table.boundingBox())!
    expect(sideBox.x).toBeLessThan(tableBox.x) // beside it, on the left
    expect(sideBox.y).toBeLessThan(rowBox.y) // not stacked above the table
    // and nothing covers the table: the first row's number is what a click there hits
    const numberBox = (await first.locator('.sr-td-number').boundingBox())!
    const hitsTable = await desk.evaluate(([x, y]) => Boolean(document.elementFromPoint(x, y)?.closest('table.sr-table')), [numberBox.x + 8, numberBox.y + numberBox.height / 2])
    expect(hitsTable).toBe(true)
    const number = (await first.locator('.sr-td-number').innerText()).trim()
    expect(number).toMatch(/^SSP-\d{8}-\d{4}$/)
    await first.click()
    const panel = desk.locator('.sr-panel')
    await panel.getByText(number, { exact: false }).waitFor()
    await panel.getByText('在哪里').waitFor()
    // the panel sits beside the table (the filters fold away while it is open), leaving the row readable
    const rowOpen = (await first.boundingBox())!
    expect((await panel.boundingBox())!.x).toBeGreaterThan(rowOpen.x + 300)
    // every column stays readable beside the panel (none hidden under it)
    const status = (await first.locator('td').last().boundingBox())!
    expect(status.x + status.width).toBeLessThanOrEqual((await panel.boundingBox())!.x + 1)
    await shot(desk, '9-desk-queue-panel')

    // sessions: the browser's date and time inputs (typed, no wheel)
    const { id: campaignId } = await env().server.deps.db.kysely.selectFrom('checkup_campaigns').select('id').executeTakeFirstOrThrow()
    await desk.goto(`${base}/packages/checkups/staff/sessions/index?campaign=${campaignId}`)
    await desk.getByText(/^批量排场次（/).click()
    await desk.locator('input[type="date"].cks-from').waitFor()
    await desk.locator('input[type="time"].cks-day-start').waitFor()
    expect(await desk.locator('.lp-picker:visible').count()).toBe(0)
    await desk.locator('input[type="date"].cks-from').fill('2027-03-01')
    expect(await desk.locator('input[type="date"].cks-from').inputValue()).toBe('2027-03-01')
    await shot(desk, '9-desk-sessions')

    // the counter: 陈国华 is already booked (by his daughter) — shown at once, with no days offered
    const db = env().server.deps.db.kysely
    const father = await db.selectFrom('users').select('id').where('name', '=', '陈国华').executeTakeFirstOrThrow()
    const daughter = await db.selectFrom('users').select('id').where('phone', '=', '13800000003').executeTakeFirstOrThrow()
    const session = await db
      .selectFrom('checkup_sessions')
      .select('id')
      .where('campaign_id', '=', campaignId)
      .where('starts_at', '>', new Date(Date.now() + 2 * 24 * 3600_000))
      .orderBy('starts_at')
      .executeTakeFirstOrThrow() // tomorrow's fasting sessions close online at 22:00 tonight
    const { token } = await issueSession(env().server.deps, daughter.id)
    const res = await fetch(`${base}/api/v1/checkups/bookings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': 'j2-e2e-book-1' },
      body: JSON.stringify({ elderId: father.id, sessionId: session.id }),
    })
    expect(res.status).toBe(201)
    const phone = await (await context(env().browser)).newPage()
    await staffLogin(phone, base, 'staff01')
    await phone.goto(`${base}/packages/checkups/staff/counter/index?campaign=${campaignId}`)
    await phone.locator('input[placeholder="姓名或身份证号"]:visible').fill('陈国华')
    await phone.locator('.lp-btn:visible', { hasText: /^查找$/ }).click()
    await phone.locator('.lp-card:visible').filter({ hasText: '陈国华' }).first().click()
    await phone.getByText('陈国华已经预约过：已预约').waitFor()
    await phone.locator('.cks-existing img, img.cks-qr').first().waitFor()
    expect(await phone.locator('.cks-grid:visible').count()).toBe(0)
    await shot(phone, '11-counter-existing-booking')
  })

  test('10: 长辈版 on the login page; 赵秀英 at 320 px gets a large tab bar with icons; 积分 opened by link is in 长辈模式', async () => {
    const base = env().server.url
    // the login page offers large text before anything else
    const fresh = await (await context(env().browser, { width: 320, height: 640 })).newPage()
    await fresh.goto(base + '/pages/login/index')
    await fresh.locator('.login-elder').getByText('长辈版（大字）').waitFor()
    expect(await fresh.locator('.lp.elder').count()).toBe(0)
    await fresh.locator('.login-elder').click()
    await fresh.locator('.lp.elder').first().waitFor()
    const loginFont = await fresh
      .locator('.lp.elder .lp-label')
      .first()
      .evaluate((el) => parseFloat(getComputedStyle(el).fontSize))
    expect(loginFont).toBeGreaterThanOrEqual(18)
    await shot(fresh, '10-login-elder-320')

    // 赵秀英's account has 长辈模式 on; she never switched it on this device
    const ctx = await context(env().browser, { width: 320, height: 640 })
    const elder = await ctx.newPage()
    await loginByPhone(elder, base, '13800000004')
    await elder.locator('.lp.elder').first().waitFor()
    const bar = await elder.evaluate(() => {
      const tabbar = document.querySelector<HTMLElement>('.taro-tabbar__tabbar')!
      const labels = Array.from(tabbar.querySelectorAll<HTMLElement>('.weui-tabbar__label'))
      const icons = Array.from(tabbar.querySelectorAll<HTMLImageElement>('img.weui-tabbar__icon'))
      return {
        height: tabbar.getBoundingClientRect().height,
        fonts: labels.map((l) => parseFloat(getComputedStyle(l).fontSize)),
        icons: icons.map((i) => ({ loaded: i.complete && i.naturalWidth > 0, w: i.getBoundingClientRect().width })),
      }
    })
    expect(bar.height).toBeGreaterThanOrEqual(60)
    expect(bar.fonts).toHaveLength(3)
    for (const f of bar.fonts) expect(f).toBeGreaterThanOrEqual(18)
    expect(bar.icons).toHaveLength(3)
    for (const i of bar.icons) expect(i).toEqual({ loaded: true, w: expect.any(Number) })
    await shot(elder, '10-me-elder-tabbar-320')

    // a link straight to 积分 (a new tab of the same browser): elder mode from the start, and after a refresh
    const points = await ctx.newPage()
    await points.goto(base + '/packages/points/index/index')
    await points.locator('.lp.elder').first().waitFor()
    await points.reload()
    await points.locator('.lp.elder').first().waitFor()
    expect(await points.locator('.lp.normal').count()).toBe(0)
    await shot(points, '10-points-by-link-elder-320')
  })
})
