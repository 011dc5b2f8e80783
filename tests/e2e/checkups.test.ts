import path from 'node:path'
import { issueSession } from '../../cloud/accounts/issue-session'
import { ARTIFACTS, acceptPrivacyIfAsked, fill, loginByPhone } from './browser'
import { describeH5 } from './suite'

/**
 * 体检预约 on H5, end to end on the real node server. The test moves the app's clock to the morning
 * of the checkup instead of waiting for it: check-in is only accepted on the session's day.
 */
describeH5('H5: 体检预约 — a daughter books for her father, he shows his QR in 长辈模式, staff check him in', (env) => {
  jest.setTimeout(180_000)
  let offsetMs = 0
  beforeAll(() => {
    env().server.deps.clock = { now: () => new Date(Date.now() + offsetMs) }
  })

  const shot = (name: string) => path.join(ARTIFACTS, `checkups-${name}.png`)
  /** Screenshots after Taro's page slide-in has finished (the newest page's title sits at the left edge). */
  async function settle(page: import('playwright-core').Page): Promise<void> {
    await page.waitForFunction(() => {
      const titles = Array.from(document.querySelectorAll<HTMLElement>('.lp-title')).filter((el) => el.getBoundingClientRect().width > 0)
      const last = titles[titles.length - 1]
      return (
        Boolean(last) &&
        Math.abs(last.getBoundingClientRect().left - last.parentElement!.getBoundingClientRect().left - parseFloat(getComputedStyle(last.parentElement!).paddingLeft)) < 2 &&
        last.parentElement!.getBoundingClientRect().left >= 0 &&
        last.parentElement!.getBoundingClientRect().left < 2
      )
    })
  }

  test('陈静 books for 陈国华 → he sees the booking and its QR (长辈模式, 320 px) → staff01 checks him in on the day', async () => {
    const base = env().server.url

    // 1. the daughter, from another city, books for her father
    const daughterCtx = await env().browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, locale: 'zh-CN' })
    const daughter = await daughterCtx.newPage()
    await loginByPhone(daughter, base, '13800000003')
    await daughter.goto(base + '/packages/checkups/index/index')
    await daughter.getByText('为 陈国华 预约').waitFor()
    await daughter.getByText('请带：身份证、医保卡、正在服用的药物').first().waitFor()
    const firstDay = daughter.locator('.ck-day').first()
    await firstDay.waitFor()
    await expect(firstDay.innerText()).resolves.toMatch(/还有 \d+ 个名额/)
    await settle(daughter)
    await daughter.screenshot({ path: shot('1-daughter-days'), fullPage: true })
    await firstDay.click()
    const slot = daughter.locator('.ck-slot').first()
    await slot.getByText(/还剩 18 个名额/).waitFor() // 20 places, 2 held back for the counter
    await slot.getByText('约这一场').click()
    await daughter.getByText('预约成功').waitFor()
    await daughter.getByText('陈国华', { exact: true }).waitFor()
    await settle(daughter)
    await daughter.screenshot({ path: shot('2-daughter-booked'), fullPage: true })

    // the booking, as the server has it: booked by the family for the father
    const fatherId = (await env().server.deps.db.kysely.selectFrom('users').select('id').where('name', '=', '陈国华').executeTakeFirstOrThrow()).id
    const row = await env()
      .server.deps.db.kysely.selectFrom('checkup_bookings as b')
      .innerJoin('checkup_sessions as s', 's.id', 'b.session_id')
      .select(['b.id', 'b.status', 'b.channel', 's.starts_at'])
      .where('b.elder_id', '=', fatherId)
      .executeTakeFirstOrThrow()
    expect(row).toMatchObject({ status: 'booked', channel: 'family' })

    // 2. the morning of the checkup, 30 minutes before it starts
    offsetMs = row.starts_at.getTime() - 30 * 60_000 - Date.now()

    // 陈国华 has no phone number: he opens the mini-program with WeChat, which H5 cannot do, so his
    // browser is given the session /auth/wechat would give him. His account has 长辈模式 on.
    const { token } = await issueSession(env().server.deps, fatherId)
    const fatherCtx = await env().browser.newContext({ viewport: { width: 320, height: 640 }, deviceScaleFactor: 2, locale: 'zh-CN' })
    await fatherCtx.addInitScript((t) => window.localStorage.setItem('linli.token', JSON.stringify({ data: t })), token)
    const father = await fatherCtx.newPage()
    await father.goto(base + '/packages/checkups/booking/index')
    await acceptPrivacyIfAsked(father, '到了以后把这个二维码给工作人员看')
    if (!(await father.getByText('到了以后把这个二维码给工作人员看').isVisible())) await father.goto(base + '/packages/checkups/booking/index')
    await father.getByText('到了以后把这个二维码给工作人员看').waitFor()
    await father.locator('.lp.elder').last().waitFor()
    await father.getByText('已预约').first().waitFor()
    await father.getByText(/家人代约（陈静）/).waitFor()
    const qr = father.locator('img.ck-qr, .ck-qr img').first()
    await qr.waitFor()
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/)
    const layout = await father.evaluate(() => {
      const root = Array.from(document.querySelectorAll<HTMLElement>('.lp.elder')).find((el) => el.getBoundingClientRect().height > 0)!
      const line = root.querySelector<HTMLElement>('.ck-line')!
      const qrBox = root.querySelector<HTMLElement>('.ck-qr')!.getBoundingClientRect()
      return { scrollWidth: document.documentElement.scrollWidth, font: parseFloat(getComputedStyle(line).fontSize), qrRight: qrBox.right, qrWidth: qrBox.width }
    })
    expect(layout.scrollWidth).toBeLessThanOrEqual(320) // reflows at 320 px: nothing to scroll sideways
    expect(layout.font).toBeGreaterThanOrEqual(18)
    expect(layout.qrRight).toBeLessThanOrEqual(320)
    expect(layout.qrWidth).toBeGreaterThanOrEqual(200) // 长辈模式: a QR the door scanner reads at once
    await settle(father)
    await father.screenshot({ path: shot('3-father-elder-mode-320'), fullPage: true })

    // 3. staff at the health station: 工作台 → 体检预约 → 今日签到, find him by name, check in
    const staffCtx = await env().browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, locale: 'zh-CN' })
    const staff = await staffCtx.newPage()
    await staff.goto(base + '/pages/login/index')
    await staff.locator('.login-switch').click()
    await staff.getByText('工作人员登录').first().waitFor()
    await fill(staff, '工作人员账号', 'staff01')
    await fill(staff, '密码', 'demo1234')
    await staff.locator('.login-submit').click()
    await acceptPrivacyIfAsked(staff, '工作台')
    await staff.locator('.staff-home').waitFor() // staff land on 工作台
    await staff.locator('.staff-checkups-entry').click()
    await staff.getByText('体检活动').first().waitFor()
    await staff.locator('.cks-campaign').first().waitFor()
    await settle(staff)
    await staff.screenshot({ path: shot('4-staff-campaigns'), fullPage: true })
    await staff.locator('.cks-campaign').first().getByText('今日签到').click()
    await staff.getByText('名单（已签到 0/1）').waitFor()
    await fill(staff, '姓名、身份证后四位或手机尾号', '陈国华')
    const entry = staff.locator('.cks-entry').filter({ hasText: '陈国华' })
    await entry.getByText('已预约').waitFor()
    await settle(staff)
    await staff.screenshot({ path: shot('5-staff-roster'), fullPage: true })
    await entry.getByText('签到', { exact: true }).click()
    await staff.getByText('陈国华 已签到').waitFor()
    await staff.getByText('名单（已签到 1/1）').waitFor()
    await entry.getByText('已签到').waitFor()
    await settle(staff)
    await staff.screenshot({ path: shot('6-staff-checked-in'), fullPage: true })

    // the father's page now says so too
    await father.reload()
    await father.locator('.ck-big').getByText('已签到').waitFor()
    await settle(father)
    await father.screenshot({ path: shot('7-father-checked-in-320'), fullPage: true })
    const after = await env().server.deps.db.kysely.selectFrom('checkup_bookings').select(['status', 'checked_in_at']).where('id', '=', row.id).executeTakeFirstOrThrow()
    expect(after.status).toBe('checked_in')
    expect(after.checked_in_at).not.toBeNull()

    // 4. a walk-in at the counter: 赵秀英 has not given health-data consent in the app; staff record it
    //    with her present and book her into a later session of the same morning
    await staff.goBack()
    await staff.locator('.cks-campaign').first().getByText('窗口/电话预约').click()
    // 工作台 (still in the page stack, hidden) has the same search box: use the visible one
    await staff.locator('input[placeholder="姓名或身份证号"]:visible').fill('赵秀英')
    await staff.locator('.lp-btn:visible', { hasText: /^查找$/ }).click()
    await staff.locator('.lp-card:visible').filter({ hasText: '赵秀英' }).first().click()
    await staff.getByText('为 赵秀英 预约').waitFor()
    await staff.locator('.cks-grid .lp-card').first().click()
    await staff.getByText('约这一场').first().click()
    const consent = staff.getByText('老人已同意，登记授权并预约')
    const done = staff.getByText('已为 赵秀英 预约')
    await consent.or(done).first().waitFor()
    if (await consent.isVisible()) {
      await settle(staff)
      await staff.screenshot({ path: shot('8-counter-consent'), fullPage: true })
      await consent.click()
    }
    await done.waitFor()
    await staff.locator('img.cks-qr, .cks-qr img').first().waitFor()
    await settle(staff)
    await staff.screenshot({ path: shot('9-counter-booked'), fullPage: true })
    const zhao = await env()
      .server.deps.db.kysely.selectFrom('checkup_bookings as b')
      .innerJoin('users as u', 'u.id', 'b.elder_id')
      .select(['b.channel', 'b.status'])
      .where('u.name', '=', '赵秀英')
      .executeTakeFirstOrThrow()
    expect(zhao).toEqual({ channel: 'counter', status: 'booked' })

    // 5. the session editor, as the health station sees it
    await staff.goBack()
    await staff.locator('.cks-campaign').first().getByText('场次管理').click()
    // 陈国华 (by his daughter) and 赵秀英 (at the counter) are both in the first session of the day
    await staff
      .getByText(/已约 2\/20/)
      .first()
      .waitFor()
    await settle(staff)
    await staff.screenshot({ path: shot('10-staff-sessions'), fullPage: true })
  })
})
