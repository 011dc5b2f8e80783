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

  test('a page opened directly (积分, from a link or a notice) starts in the account\'s 长辈模式', async () => {
    h = createHarness({ storage: { 'linli.token': 'tok-1', 'linli.elderMode.account': 'on' } })
    const page = await h.loadPage('packages/points/index/index')
    await waitFor(() => expect(page.root().className).toContain('elder'))
  })
})
