import path from 'node:path'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { PassThrough } from 'node:stream'
import type { Browser, Page } from 'playwright-core'
import { ARTIFACTS, acceptPrivacyIfAsked, browserAvailable, fill, launch, pageSettled } from './browser'
import { startServer, type RunningServer } from '../../cloud/entry/node'
import { main as adminCli } from '../../cloud/admin/cli'

/**
 * Issue 12 "Must show": a FRESH street (no demo data, DEMO_MODE=false) — `npm run admin --
 * create-street` on an empty database, then the street admin logs in with the one-time password,
 * must change it, and walks 组织架构, 网格边界, 工作人员, 设置, 操作日志 at a desk (1280 px) and on a
 * phone (375 px). Screenshots in tests/.artifacts/admin-fresh-*.png.
 */
const shot = (name: string) => path.join(ARTIFACTS, `admin-fresh-${name}.png`)
const NEW_PASSWORD = 'Donghu-Street-2026'
const ENTRY = { org: '.adm-entry-org', boundaries: '.adm-entry-boundaries', staff: '.adm-entry-staff', settings: '.adm-entry-settings', audit: '.adm-entry-audit' }

async function pageAt(browser: Browser, width: number, height: number): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1, locale: 'zh-CN' })
  return context.newPage()
}

async function signIn(page: Page, base: string, username: string, password: string): Promise<void> {
  await page.goto(base + '/pages/login/index')
  await page.locator('.login-switch').click()
  await page.getByText('工作人员登录').first().waitFor()
  await fill(page, '工作人员账号', username)
  await fill(page, '密码', password)
  await page.locator('.login-submit').click()
}

/** 工作台 → 管理 → one entry (the way a person gets there, not by URL). */
async function open(page: Page, base: string, entry: keyof typeof ENTRY): Promise<void> {
  await page.goto(base + '/packages/admin/index/index')
  await page.locator(ENTRY[entry]).click()
}

/**
 * What the page looks like to a person: the body text and the title in CSS pixels, and anything
 * sticking out sideways (a phone must not scroll sideways).
 */
async function measure(page: Page, width: number) {
  return page.evaluate((w) => {
    const visible = [...document.querySelectorAll('.adm-page')].filter((e) => (e as HTMLElement).offsetParent !== null || e.getClientRects().length > 0)
    const root = visible[visible.length - 1] as HTMLElement
    const title = root.querySelector('.lp-title') as HTMLElement
    const over = [...root.querySelectorAll('*')]
      .filter((e) => e.getBoundingClientRect().right > w + 1)
      .slice(0, 3)
      .map((e) => `${e.className}:${Math.round(e.getBoundingClientRect().right)}`)
    return { body: parseFloat(getComputedStyle(root).fontSize), title: parseFloat(getComputedStyle(title).fontSize), over }
  }, width)
}

async function expectReadable(page: Page, width: number) {
  await pageSettled(page)
  const m = await measure(page, width)
  // normal text at a desk and on a phone: before the desk sizes, 1280 px gave 30 px text and a 44 px title
  expect(m.body).toBeGreaterThanOrEqual(14)
  expect(m.body).toBeLessThanOrEqual(16)
  expect(m.title).toBeLessThanOrEqual(26)
  expect(m.over).toEqual([])
}

const run = browserAvailable() ? describe : describe.skip
run('H5: a fresh street (DEMO_MODE=false): the first admin changes the one-time password and walks 管理 at 1280 px and 375 px', () => {
  jest.setTimeout(240_000)
  let server: RunningServer
  let chrome: { browser: Browser; close(): Promise<void> }
  let dataDir: string
  let oneTimePassword: string
  const demoMode = process.env.DEMO_MODE

  beforeAll(async () => {
    process.env.DEMO_MODE = 'false'
    dataDir = mkdtempSync(path.join(tmpdir(), 'linli-e2e-fresh-'))
    server = await startServer({ port: 0, host: '127.0.0.1', dataDir, databaseUrl: null, h5Dir: path.resolve(__dirname, '..', '..', 'dist', 'h5'), seedDemo: false, logLevel: 'warn' })
    expect(server.deps.config.demoMode).toBe(false)
    // the CLI's own code (npm run admin -- create-street …) on this empty database
    const out = new PassThrough()
    let text = ''
    out.on('data', (d) => (text += String(d)))
    const code = await adminCli(
      ['create-street', '--name', '天平街道', '--admin-username', 'admin', '--admin-name', '郑志明'],
      {},
      { out, err: new PassThrough(), db: server.deps.db.kysely, now: () => server.deps.clock.now() },
    )
    expect(code).toBe(0)
    oneTimePassword = /^password: (\S+)$/m.exec(text)![1]
    chrome = await launch()
  })
  afterAll(async () => {
    await chrome?.close()
    await server?.close()
    rmSync(dataDir, { recursive: true, force: true })
    if (demoMode === undefined) delete process.env.DEMO_MODE
    else process.env.DEMO_MODE = demoMode
  })

  test('1280 px: one-time password → 修改密码 → 工作台 → 管理; builds 片区/社区/网格, draws the grid, creates a grid worker, gives a category an icon, reads the log', async () => {
    const base = server.url
    const page = await pageAt(chrome.browser, 1280, 860)
    expect(await server.deps.db.kysely.selectFrom('users').select('id').where('demo_account', '=', true).execute()).toEqual([])
    await signIn(page, base, 'admin', oneTimePassword)
    await page.getByText('请先修改密码').waitFor()
    await fill(page, '请输入收到的一次性密码', oneTimePassword)
    await fill(page, '至少 10 位', NEW_PASSWORD)
    await fill(page, '再输入一次', NEW_PASSWORD)
    await page.locator('.pw-submit').click()
    await page.getByText('密码已修改').waitFor()
    await page.getByText('进入工作台').click()
    await acceptPrivacyIfAsked(page, '管理（组织架构')
    await page.locator('.staff-admin-entry').click()
    await page.locator(ENTRY.org).waitFor()
    await page.screenshot({ path: shot('home-1280'), fullPage: true })

    // 组织架构: an empty street; the tree on the left, the unit's panel on the right
    await open(page, base, 'org')
    const node = (name: string) => page.locator('.adm-node', { hasText: name }).first()
    await node('天平街道').click()
    await fill(page, '片区名称', '天平第一片区')
    await page.locator('.adm-create-cluster').click()
    await page.getByText('已新建片区「天平第一片区」').waitFor()
    await node('天平第一片区').click()
    await fill(page, '社区名称', '东湖社区')
    await page.locator('.adm-create-community').click()
    await page.getByText('已新建社区「东湖社区」').waitFor()
    await node('东湖社区').click()
    await fill(page, '网格名称', '东湖第一网格')
    await page.locator('.adm-create-grid').click()
    await page.getByText('已新建网格「东湖第一网格」').waitFor()
    const main = (await page.locator('.adm-main').first().boundingBox())!
    const side = (await page.locator('.adm-side').first().boundingBox())!
    expect(side.x).toBeGreaterThan(main.x + main.width - 1)
    await expectReadable(page, 1280)
    await page.screenshot({ path: shot('org-1280'), fullPage: true })

    // 网格边界: the grid's polygon from a FeatureCollection (预检, then 确认导入)
    await open(page, base, 'boundaries')
    await page.getByText('现有边界').waitFor()
    const ring = [
      [121.43, 31.2],
      [121.436, 31.2],
      [121.436, 31.206],
      [121.433, 31.206],
      [121.433, 31.203],
      [121.43, 31.203],
      [121.43, 31.2],
    ]
    await page.getByText(/GCJ-02（微信/).click()
    await page
      .locator('textarea')
      .fill(JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: '东湖第一网格' }, geometry: { type: 'Polygon', coordinates: [ring] } }] }))
    await page.getByText('预检', { exact: true }).click()
    await page.getByText(/匹配 1 个 · 未匹配 0 个/).waitFor()
    await page.getByRole('button', { name: '确认导入' }).click()
    await page.getByText(/已导入 1 个边界/).waitFor()
    await expectReadable(page, 1280)
    await page.screenshot({ path: shot('boundaries-1280'), fullPage: true })

    // 工作人员: a grid worker for the new grid; the one-time password is shown once
    await open(page, base, 'staff')
    await fill(page, '例如：张伟', '李娜')
    await fill(page, '小写字母或数字，例如 zhangwei', 'lina')
    await page.locator('.adm-chip', { hasText: '网格员' }).click()
    await page.locator('.adm-chip', { hasText: '东湖第一网格' }).click()
    await page.locator('.adm-staff-submit').click()
    await page.locator('.adm-otp').waitFor()
    await page.getByText('李娜（lina）').waitFor()
    await expectReadable(page, 1280)
    await page.screenshot({ path: shot('staff-1280'), fullPage: true })
    await page.getByText('我已交给本人').click()

    // 设置: 市政设施 gets 💡 (from the fixed set) and a 12-hour limit
    await open(page, base, 'settings')
    const municipal = page.locator('.adm-cat[data-category="municipal"]')
    await municipal.getByText('修改').click()
    await municipal.locator('.adm-icon-chip', { hasText: '💡' }).click()
    await municipal.locator('.adm-icon-chip.adm-chip-on', { hasText: '💡' }).waitFor()
    await municipal.locator('input').nth(1).fill('12')
    await page.locator('.adm-settings-save').click()
    await page.getByText('已保存，只对之后的新工作生效').waitFor()
    await municipal.locator('.adm-cat-icon', { hasText: '💡' }).waitFor()
    await expectReadable(page, 1280)
    await page.screenshot({ path: shot('settings-1280'), fullPage: true })
    const cats = (await (await page.request.get(base + '/api/v1/reports/categories')).json()) as { items: { code: string; icon: string; limitMinutes: number }[] }
    expect(cats.items.find((c) => c.code === 'municipal')).toMatchObject({ icon: '💡', limitMinutes: 720 })

    // 操作日志: every step above, newest first
    await open(page, base, 'audit')
    for (const action of ['修改设置', '新建工作人员', '新建单位', '新建街道']) await page.locator('.adm-tr', { hasText: action }).first().waitFor()
    await expectReadable(page, 1280)
    await page.screenshot({ path: shot('audit-1280'), fullPage: true })
    await page.context().close()
  })

  test('375 px: the same admin, with the new password, walks the five pages on a phone', async () => {
    const base = server.url
    const page = await pageAt(chrome.browser, 375, 812)
    await signIn(page, base, 'admin', NEW_PASSWORD)
    await acceptPrivacyIfAsked(page, '管理（组织架构')
    await page.locator('.staff-admin-entry').waitFor()
    const checks: [keyof typeof ENTRY, string][] = [
      ['org', '东湖第一网格'],
      ['boundaries', '现有边界'],
      ['staff', '李娜（lina）'],
      ['settings', '随手拍类别'],
      ['audit', '修改设置'],
    ]
    for (const [entry, text] of checks) {
      await open(page, base, entry)
      await page.getByText(text).filter({ visible: true }).first().waitFor() // the 管理 page stays in the page stack, hidden, with the same words on its buttons
      await expectReadable(page, 375)
      await page.screenshot({ path: shot(`${entry}-375`), fullPage: true })
    }
    // on a phone the tree and the panel are one column
    await open(page, base, 'org')
    await page.locator('.adm-node', { hasText: '东湖社区' }).first().click()
    const main = (await page.locator('.adm-main').first().boundingBox())!
    const side = (await page.locator('.adm-side').first().boundingBox())!
    expect(side.y).toBeGreaterThanOrEqual(main.y + main.height - 1)
    await page.context().close()
  })
})
