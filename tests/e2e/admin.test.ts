import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { ARTIFACTS, acceptPrivacyIfAsked, fill, pageSettled } from './browser'
import { describeH5 } from './suite'
import { resetPasswordByUsername } from '../../cloud/admin/reset-password'
import { peopleXlsx } from '../helpers/people-sheet'

const shot = (name: string) => path.join(ARTIFACTS, `admin-${name}.png`)

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

describeH5('H5: the street admin walks the 管理 console', (env) => {
  for (const [width, height] of [
    [1280, 800],
    [375, 812],
  ]) {
    test(`admin01 at ${width} px: 工作台 → 管理 → 组织架构 and 工作人员, creates a staff account and sees the one-time password once`, async () => {
      const page = await pageAt(env().browser, width, height)
      const base = env().server.url
      await signIn(page, base, 'admin01', 'demo1234')
      // staff land on 工作台
      await acceptPrivacyIfAsked(page, '工作台')
      await page.locator('.staff-admin-entry').click()
      await page.locator('.adm-entry-org').click()
      await page.getByText('天平第一片区').first().waitFor()
      await page.getByText('东湖社区第一网格').first().waitFor()
      await pageSettled(page)
      await page.screenshot({ path: shot(`org-${width}`), fullPage: true })
      // reflows: nothing wider than the screen (no sideways scrolling on a phone)
      const wide = await page.evaluate(
        (w) =>
          [...document.querySelectorAll('.lp *')]
            .filter((e) => e.getBoundingClientRect().right > w + 1)
            .slice(0, 3)
            .map((e) => `${e.className}:${Math.round(e.getBoundingClientRect().right)}`),
        width,
      )
      expect(wide).toEqual([])
      // desk layout: the tree and the side panel side by side; phone: one column
      const main = await page.locator('.adm-main').first().boundingBox()
      const side = await page.locator('.adm-side').first().boundingBox()
      if (width >= 1024) expect(side!.x).toBeGreaterThan(main!.x + main!.width - 1)
      else expect(side!.y).toBeGreaterThanOrEqual(main!.y + main!.height - 1)

      await page.goBack()
      await page.locator('.adm-entry-staff').click()
      await page.getByText('刘敏（staff01）').waitFor()
      const username = `e2e_${width}`
      await fill(page, '例如：张伟', `测试${width}`)
      await fill(page, '小写字母或数字，例如 zhangwei', username)
      await page.locator('.adm-chip', { hasText: '网格员' }).click()
      await page.locator('.adm-chip', { hasText: '高安社区第一网格' }).click()
      await page.locator('.adm-staff-submit').click()
      const otp = page.locator('.adm-otp')
      await otp.waitFor()
      expect(await otp.innerText()).toMatch(/^\S{12}$/)
      await page.getByText(`测试${width}（${username}）`).waitFor()
      await page.screenshot({ path: shot(`staff-${width}`), fullPage: true })
      await page.getByText('我已交给本人').click()
      await otp.waitFor({ state: 'detached' })
      await page.context().close()
    })
  }

  test('a one-time password (reset from the CLI) takes lead01 to 修改密码 first, then to the 工作台 with 管理', async () => {
    const { deps, url } = env().server
    const { oneTimePassword } = await resetPasswordByUsername(deps.db.kysely, deps.clock.now(), 'lead01')
    const page = await pageAt(env().browser, 375, 812)
    await signIn(page, url, 'lead01', oneTimePassword)
    await page.getByText('请先修改密码').waitFor()
    await fill(page, '请输入收到的一次性密码', oneTimePassword)
    await fill(page, '至少 10 位', 'qwertyuiop')
    await fill(page, '再输入一次', 'qwertyuiop')
    await page.locator('.pw-submit').click()
    await page.getByText('不能是常见密码').first().waitFor()
    await page.screenshot({ path: shot('password-refused-375'), fullPage: true })
    await fill(page, '至少 10 位', 'Pianqu-Lead-2026')
    await fill(page, '再输入一次', 'Pianqu-Lead-2026')
    await page.locator('.pw-submit').click()
    await page.getByText('密码已修改').waitFor()
    await page.getByText('进入工作台').click()
    // not '工作台': the 进入工作台 button itself would count as having landed
    await acceptPrivacyIfAsked(page, '管理（组织架构')
    await page.locator('.staff-admin-entry').waitFor()
    await page.context().close()
  })
  test('admin01 imports staff from an xlsx at 1280 px: 预检 names the refused row in Chinese, the fixed sheet is imported and the one-time passwords are shown once', async () => {
    const page = await pageAt(env().browser, 1280, 800)
    const base = env().server.url
    await signIn(page, base, 'admin01', 'demo1234')
    await acceptPrivacyIfAsked(page, '工作台')
    await page.goto(base + '/packages/admin/staff/index')
    await page.locator('.adm-staff-import').click()
    await page.getByText('1. 选择表格').waitFor()
    const header = ['姓名', '用户名', '手机', '角色', '单位']
    const good = [
      ['陈静', 'e2e_chenjing', null, '网格员', '高安社区第二网格'],
      ['黄磊', 'e2e_huanglei', null, '社区工作人员', '高安社区'],
    ]
    const upload = async (name: string, rows: (string | null)[][]) => {
      const chooser = page.waitForEvent('filechooser')
      await page.locator('.si-choose').click()
      await (await chooser).setFiles({ name, mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await peopleXlsx(header, rows) })
      await page.getByText(name).waitFor()
      await page.getByText('预检', { exact: true }).click()
    }
    await upload('工作人员-有错.xlsx', [...good, ['王强', 'e2e_wangqiang', null, '保安', '高安社区']])
    await page.getByText('第 4 行').waitFor()
    await page.getByText(/不认识的角色「保安」/).waitFor()
    expect(await page.locator('.si-commit').getAttribute('class')).toContain('lp-btn-off')
    await page.screenshot({ path: shot('staff-import-refused-1280'), fullPage: true })
    await upload('工作人员.xlsx', good)
    await page.getByText('个账号将创建').waitFor()
    await page.getByRole('button', { name: '确认导入' }).click()
    await page.getByText('个账号已创建').waitFor()
    const otps = await page.locator('.si-otp').allInnerTexts()
    expect(otps).toHaveLength(2)
    for (const p of otps) expect(p).toMatch(/^\S{12}$/)
    await page.screenshot({ path: shot('staff-import-done-1280'), fullPage: true })
    await page.context().close()
  })
})
