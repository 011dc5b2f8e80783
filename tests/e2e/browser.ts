import fs from 'node:fs'
import path from 'node:path'
import gcoord from 'gcoord'
import { chromium, type Browser, type Page } from 'playwright-core'

export const CHROMIUM = '/usr/bin/chromium'
export const ARTIFACTS = path.resolve(__dirname, '..', '.artifacts')

/**
 * Whether the browser exists. Without it the suite is skipped with a loud notice, unless
 * E2E_REQUIRED=1 (CI), where a missing browser is a failure.
 */
export function browserAvailable(): boolean {
  if (fs.existsSync(CHROMIUM)) return true
  if (process.env.E2E_REQUIRED === '1') throw new Error(`${CHROMIUM} is missing and E2E_REQUIRED=1`)
  console.warn(
    `\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n` +
      `!! e2e SKIPPED: ${CHROMIUM} not found.\n` +
      `!! Install it: apt-get update && apt-get install -y chromium\n` +
      `!! Set E2E_REQUIRED=1 to make this a failure.\n` +
      `!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n`,
  )
  return false
}

/** `extraArgs`: e.g. a fake camera (--use-file-for-fake-video-capture) for the H5 QR scanner. */
export async function launch(extraArgs: string[] = []): Promise<{ browser: Browser; close(): Promise<void> }> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', ...extraArgs],
    // playwright gives every launch its own fresh temporary profile (and deletes it on close)
  })
  return {
    browser,
    async close() {
      await browser.close()
    },
  }
}

/** A phone-sized page (the people who use this are on phones). */
export async function phonePage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, locale: 'zh-CN' })
  return context.newPage()
}

/** Taro H5 Inputs render a native <input> inside <taro-input-core>; find it by its placeholder. */
export async function fill(page: Page, placeholder: string, value: string): Promise<void> {
  const input = page.locator(`input[placeholder="${placeholder}"]`)
  await input.click()
  await input.fill(value)
}

/** Accepts the privacy policy if the app asks for it (a fresh database asks every account). */
export async function acceptPrivacyIfAsked(page: Page, after: string): Promise<void> {
  const agree = page.locator('.consent-agree')
  // visible only: H5 may keep an earlier page (hidden) in the document
  const landed = page.getByText(after, { exact: false }).filter({ visible: true }).first()
  await Promise.race([agree.waitFor({ state: 'visible' }), landed.waitFor({ state: 'visible' })])
  if (await agree.isVisible()) await agree.click()
}

/** Signs in with a demo phone and the demo code, accepting the privacy policy when asked. */
export async function loginByPhone(page: Page, baseUrl: string, phone: string): Promise<void> {
  await page.goto(baseUrl + '/pages/login/index')
  await page.getByText('手机号登录').first().waitFor()
  await fill(page, '请输入 11 位手机号', phone)
  await page.locator('.login-send').click()
  await page.getByText('验证码已发送').waitFor()
  await fill(page, '6 位验证码', '123456')
  await page.locator('.login-submit').click()
  await acceptPrivacyIfAsked(page, '退出登录')
  await page.locator('.me-logout').waitFor()
}

/**
 * What a phone's browser reports (WGS-84, GPS) standing at a demo point given in GCJ-02 (the app's
 * system): the H5 app converts it back (src/utils/crs.ts) and lands on the intended point.
 */
export function gpsAt(gcj: { latitude: number; longitude: number }): { latitude: number; longitude: number } {
  const [longitude, latitude] = gcoord.transform([gcj.longitude, gcj.latitude], gcoord.GCJ02, gcoord.WGS84)
  return { latitude, longitude }
}

/** A staff member signs in with username and the demo password and lands on 工作台. */
export async function loginStaff(page: Page, baseUrl: string, username: string, password = 'demo1234'): Promise<void> {
  await page.goto(baseUrl + '/pages/login/index')
  await page.getByText('手机号登录').first().waitFor()
  await page.locator('.login-switch').click()
  await fill(page, '工作人员账号', username)
  await fill(page, '密码', password)
  await page.locator('.login-submit').click()
  // staff land on 工作台 (issue 14)
  await acceptPrivacyIfAsked(page, '随手拍工单')
  await page.locator('.staff-home').waitFor()
}

/**
 * H5 slides a new page in from the side (Taro adds `taro_page_show` after a delay, then a 300 ms
 * transition): wait until every shown page sits at the left edge with no transition running, and has
 * stayed so for three checks in a row (150 ms) — a page about to start sliding is not settled.
 */
export async function pageSettled(page: Page): Promise<void> {
  await page.evaluate(() => ((window as unknown as { __settled: number }).__settled = 0))
  await page.waitForFunction(
    () => {
      const still = [...document.querySelectorAll('.taro_page')].every((p) => p.getClientRects().length === 0 || (Math.round(p.getBoundingClientRect().left) === 0 && p.getAnimations().length === 0))
      const w = window as unknown as { __settled: number }
      w.__settled = still ? w.__settled + 1 : 0
      return w.__settled >= 3
    },
    undefined,
    { polling: 50 },
  )
}
