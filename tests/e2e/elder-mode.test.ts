import fs from 'node:fs'
import path from 'node:path'
import { ARTIFACTS, fill, phonePage } from './browser'
import { describeH5 } from './suite'

describeH5('H5: a resident signs in and turns on 长辈模式', (env) => {
  test('王芳 logs in by SMS, accepts the privacy policy, and 长辈模式 makes text and targets large', async () => {
    const page = await phonePage(env().browser)
    await page.goto(env().server.url + '/')
    await page.locator('.home-login').click()
    await page.getByText('手机号登录').first().waitFor()

    await fill(page, '请输入 11 位手机号', '13800000001')
    await page.locator('.login-send').click()
    await page.getByText('验证码已发送').waitFor()
    await fill(page, '6 位验证码', '123456')
    await page.locator('.login-submit').click()

    // A fresh account must read and accept the current privacy policy first.
    await page.getByText('邻里通隐私政策').first().waitFor()
    await page.locator('.consent-agree').click()

    await page.locator('.me-name').getByText('王芳').waitFor()
    await page.getByText('138****0001').waitFor()
    await page.locator('.me-role').first().waitFor()

    // Normal mode still gives every main button a 44 px target.
    const normal = await page.locator('.me-logout').boundingBox()
    expect(normal?.height ?? 0).toBeGreaterThanOrEqual(44)
    expect(await page.locator('.lp.elder').count()).toBe(0)

    await page.locator('.me-elder-toggle').click()
    const root = page.locator('.lp.elder').last()
    await root.waitFor()

    const m = await page.evaluate(() => {
      const visible = (sel: string) => Array.from(document.querySelectorAll<HTMLElement>(sel)).find((el) => el.getBoundingClientRect().height > 0 && el.closest('.lp.elder'))
      const style = (el: Element | undefined) => (el ? getComputedStyle(el) : null)
      const body = visible('.lp-kv-key')
      const hint = visible('.lp-hint')
      const title = visible('.lp-title')
      const logout = visible('.me-logout')
      const knob = visible('.me-elder-toggle .lp-toggle-knob')
      const bodyStyle = style(body)
      const box = (el: HTMLElement | undefined) => (el ? el.getBoundingClientRect() : { width: 0, height: 0 })
      return {
        bodyFont: parseFloat(bodyStyle?.fontSize ?? '0'),
        bodyLineHeight: parseFloat(bodyStyle?.lineHeight ?? '0'),
        hintFont: parseFloat(style(hint)?.fontSize ?? '0'),
        titleFont: parseFloat(style(title)?.fontSize ?? '0'),
        logout: { w: box(logout).width, h: box(logout).height },
        knob: { w: box(knob).width, h: box(knob).height },
      }
    })
    expect(m.bodyFont).toBeGreaterThanOrEqual(18)
    expect(m.hintFont).toBeGreaterThanOrEqual(18)
    expect(m.titleFont).toBeGreaterThanOrEqual(30)
    expect(m.bodyLineHeight / m.bodyFont).toBeGreaterThanOrEqual(1.3)
    expect(m.logout.w).toBeGreaterThanOrEqual(60)
    expect(m.logout.h).toBeGreaterThanOrEqual(60)
    expect(m.knob.w).toBeGreaterThanOrEqual(60)
    expect(m.knob.h).toBeGreaterThanOrEqual(60)

    fs.mkdirSync(ARTIFACTS, { recursive: true })
    // Taro scrolls inside its page container, so grow the viewport to the page to capture all of it.
    const height = await root.evaluate((el) => Math.ceil(el.getBoundingClientRect().height) + 120)
    await page.setViewportSize({ width: 390, height: Math.max(844, height) })
    await page.screenshot({ path: path.join(ARTIFACTS, 'me-elder.png'), fullPage: true })
    await page.setViewportSize({ width: 390, height: 844 })

    // The choice is kept on the account: a reload still shows the elder layout.
    await page.reload()
    await page.locator('.me-name').getByText('王芳').waitFor()
    await page.locator('.lp.elder').last().waitFor()
  })
})
