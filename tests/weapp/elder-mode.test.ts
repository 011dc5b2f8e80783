import fs from 'node:fs'
import path from 'node:path'
import sharp from 'sharp'
import { createHarness, DIST, waitFor, type Harness } from './harness'

/** Issue 14 item 10 on the mini-program build: tab bar icons, 长辈版 at login, elder mode on a page opened directly. */
describe('长辈模式 gaps (weapp build)', () => {
  let h: Harness
  afterEach(() => h?.close())

  test('the tab bar has an icon for every tab, normal and selected, as small PNGs in the package', async () => {
    const app = JSON.parse(fs.readFileSync(path.join(DIST, 'app.json'), 'utf8')) as { tabBar: { list: { text: string; iconPath?: string; selectedIconPath?: string }[] } }
    expect(app.tabBar.list.map((t) => t.text)).toEqual(['首页', '随手拍', '我的'])
    for (const tab of app.tabBar.list) {
      for (const icon of [tab.iconPath, tab.selectedIconPath]) {
        expect(icon).toMatch(/^assets\/tabbar\/[a-z-]+\.png$/)
        const file = path.join(DIST, icon!)
        expect(fs.existsSync(file)).toBe(true)
        expect(fs.statSync(file).size).toBeLessThan(40 * 1024) // WeChat's limit for tab icons
        const meta = await sharp(file).metadata()
        expect([meta.format, meta.width, meta.height]).toEqual(['png', 81, 81])
      }
    }
  })

  test('the login page offers 长辈版 (大字) before signing in, and remembers it', async () => {
    h = createHarness()
    const page = await h.loadPage('pages/login/index')
    await page.waitForText('长辈版（大字）')
    await h.idle()
    expect(page.root().className).toContain('normal')
    await page.tapText('长辈版（大字）')
    await waitFor(() => expect(page.root().className).toContain('elder'))
    expect(h.storage.get('linli.elderMode')).toBe('on')
  })

  test("a page opened directly (积分, from a link or a notice) starts in the account's 长辈模式", async () => {
    h = createHarness({ storage: { 'linli.token': 'tok-1', 'linli.elderMode.account': 'on' } })
    const page = await h.loadPage('packages/points/index/index')
    await waitFor(() => expect(page.root().className).toContain('elder'))
  })

  test("the tab bar is the app's own (custom-tab-bar): in 长辈模式 ≥ 18 px labels, a ≥ 60 px bar, an icon per tab, the current tab marked", async () => {
    const app = JSON.parse(fs.readFileSync(path.join(DIST, 'app.json'), 'utf8')) as { tabBar: { custom?: boolean } }
    expect(app.tabBar.custom).toBe(true)
    expect(JSON.parse(fs.readFileSync(path.join(DIST, 'custom-tab-bar', 'index.json'), 'utf8'))).toMatchObject({ component: true })
    // the sizes as weapp gets them (rpx: 2 rpx = 1 CSS px on a 375-wide phone)
    const wxss = fs.readFileSync(path.join(DIST, 'custom-tab-bar', 'index.wxss'), 'utf8').replace(/\s+/g, '')
    const rule = (selector: string, prop: string) => {
      const m = new RegExp(`${selector.replace(/\./g, '\\.')}\\{[^}]*?${prop}:(\\d+(?:\\.\\d+)?)rpx`).exec(wxss)
      if (!m) throw new Error(`no ${prop} for ${selector} in custom-tab-bar/index.wxss: ${wxss.slice(0, 600)}`)
      return Number(m[1]) / 2
    }
    expect(rule('.ctb-elder.ctb-label', 'font-size')).toBeGreaterThanOrEqual(18)
    expect(rule('.ctb-elder', 'height')).toBeGreaterThanOrEqual(60)
    expect(rule('.ctb-elder.ctb-icon', 'width')).toBeGreaterThanOrEqual(24)
    expect(rule('.ctb-label', 'font-size')).toBeLessThan(18) // normal mode stays compact

    // rendered under 随手拍 with 长辈模式 on: large, three tabs with icons, 随手拍 selected; 我的 switches tab
    h = createHarness({ storage: { 'linli.elderMode': 'on' } })
    await h.loadPage('pages/report/index')
    const bar = await h.loadPage('custom-tab-bar/index')
    await bar.waitForText('随手拍')
    // (miniprogram-simulate prefixes class names with the component's tag: page--ctb-item)
    const all = (cls: string) => Array.from(bar.root().parentElement!.querySelectorAll('*')).filter((e) => e.className.split(/\s+/).some((c) => c === cls || c.endsWith(`--${cls}`)))
    expect(all('ctb-elder')).toHaveLength(1)
    expect(bar.text()).toContain('首页')
    expect(bar.text()).toContain('我的')
    expect(all('ctb-item')).toHaveLength(3)
    expect(all('ctb-on').map((e) => e.textContent)).toEqual(['随手拍'])
    expect(all('ctb-icon')).toHaveLength(3)
    await bar.tapText('我的')
    expect(h.navigations).toContain('switchTab /pages/me/index')
  })
})
