import path from 'node:path'
import { ARTIFACTS, loginByPhone } from './browser'
import { describeH5 } from './suite'

/** Issue 14 · 11: offline, 我的上报 must say something instead of nothing. */
describeH5('H5: 随手拍 — 我的上报 offline tells the resident', (env) => {
  test('王芳 loses the network and taps 我的上报: a Chinese message about the network', async () => {
    const ctx = await env().browser.newContext({ viewport: { width: 375, height: 812 }, locale: 'zh-CN' })
    const page = await ctx.newPage()
    await loginByPhone(page, env().server.url, '13800000001')
    await page.goto(env().server.url + '/pages/report/index')
    await page.getByText('我的上报').first().waitFor()
    await ctx.setOffline(true)
    await page.getByText('我的上报').first().click()
    await page.getByText(/网络/).first().waitFor({ timeout: 15_000 })
    await page.screenshot({ path: path.join(ARTIFACTS, 'j14-11-report-mine-offline-375.png'), fullPage: true })
    await ctx.close()
  })
})
