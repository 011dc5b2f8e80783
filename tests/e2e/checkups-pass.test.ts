import { readFile } from 'node:fs/promises'
import path from 'node:path'
import sharp from 'sharp'
import { issueSession } from '../../cloud/accounts/issue-session'
import { ARTIFACTS, acceptPrivacyIfAsked, fill } from './browser'
import { describeH5 } from './suite'

/**
 * 体检签到凭证 on H5: the father far from his daughter has the pass with its 8-character code (a QR
 * ≥ 200 px in 长辈模式 at 320 px), saves it as an image, and staff01 checks him in by typing the code.
 */
describeH5('H5: 体检签到凭证 — short code under the QR, the pass image, check-in by typed code', (env) => {
  jest.setTimeout(180_000)
  let offsetMs = 0
  beforeAll(() => {
    env().server.deps.clock = { now: () => new Date(Date.now() + offsetMs) }
  })
  const shot = (name: string) => path.join(ARTIFACTS, `checkups-pass-${name}.png`)

  test('陈国华 (长辈模式, 320 px) sees the code and saves the pass; staff01 types a wrong code, then his', async () => {
    const { server, browser } = env()
    const base = server.url
    const db = server.deps.db.kysely
    const fatherId = (await db.selectFrom('users').select('id').where('name', '=', '陈国华').executeTakeFirstOrThrow()).id
    const daughterId = (await db.selectFrom('users').select('id').where('phone', '=', '13800000003').executeTakeFirstOrThrow()).id

    // the daughter books for her father (through the API: her booking journey has its own test)
    const daughter = (await issueSession(server.deps, daughterId)).token
    const get = async (p: string) => (await fetch(base + p, { headers: { authorization: `Bearer ${daughter}` } })).json()
    const campaign = (await get('/api/v1/checkups/campaigns')).items[0]
    const open = (await get(`/api/v1/checkups/campaigns/${campaign.id}/sessions`)).items.find((s: { status: string; remaining: number }) => s.status === 'open' && s.remaining > 0)
    const booked = await fetch(base + '/api/v1/checkups/bookings', {
      method: 'POST',
      headers: { authorization: `Bearer ${daughter}`, 'content-type': 'application/json', 'idempotency-key': 'e2e-pass-1' },
      body: JSON.stringify({ elderId: fatherId, sessionId: open.id }),
    })
    expect(booked.status).toBe(201)
    const booking = await booked.json()
    offsetMs = new Date(booking.session.startsAt).getTime() - 30 * 60_000 - Date.now() // the morning of the checkup

    // 1. the father, 长辈模式 at 320 px: QR ≥ 200 px, the code under it, no sideways scroll
    const { token } = await issueSession(server.deps, fatherId)
    const fatherCtx = await browser.newContext({ viewport: { width: 320, height: 640 }, deviceScaleFactor: 2, locale: 'zh-CN', acceptDownloads: true })
    await fatherCtx.addInitScript((t) => window.localStorage.setItem('linli.token', JSON.stringify({ data: t })), token)
    const father = await fatherCtx.newPage()
    await father.goto(base + `/packages/checkups/booking/index?id=${booking.id}`)
    await acceptPrivacyIfAsked(father, '到了以后把这个二维码给工作人员看')
    if (!(await father.getByText('到了以后把这个二维码给工作人员看').isVisible())) await father.goto(base + `/packages/checkups/booking/index?id=${booking.id}`)
    await father.locator('.lp.elder .ck-code').filter({ visible: true }).first().waitFor()
    const layout = await father.evaluate(() => {
      const root = Array.from(document.querySelectorAll<HTMLElement>('.lp.elder')).find((el) => el.getBoundingClientRect().height > 0)!
      const qr = root.querySelector<HTMLElement>('.ck-qr')!.getBoundingClientRect()
      const code = root.querySelector<HTMLElement>('.ck-code')!
      return {
        scrollWidth: document.documentElement.scrollWidth,
        qrWidth: qr.width,
        qrHeight: qr.height,
        qrRight: qr.right,
        code: code.innerText.trim(),
        codeFont: parseFloat(getComputedStyle(code).fontSize),
        codeTop: code.getBoundingClientRect().top,
        qrBottom: qr.bottom,
      }
    })
    expect(layout.scrollWidth).toBeLessThanOrEqual(320)
    expect(layout.qrWidth).toBeGreaterThanOrEqual(200)
    expect(layout.qrHeight).toBeGreaterThanOrEqual(200)
    expect(layout.qrRight).toBeLessThanOrEqual(320)
    expect(layout.code).toMatch(/^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/)
    expect(layout.codeFont).toBeGreaterThanOrEqual(18)
    expect(layout.codeTop).toBeGreaterThanOrEqual(layout.qrBottom - 1) // under the QR
    const detail = await (await fetch(base + `/api/v1/checkups/bookings/${booking.id}`, { headers: { authorization: `Bearer ${token}` } })).json()
    expect(layout.code).toBe(detail.shortCode)
    await father.screenshot({ path: shot('1-father-elder-320'), fullPage: true })

    // the pass as an image, saved from the page
    const [download] = await Promise.all([
      father.waitForEvent('download'),
      father
        .getByText(/保存签到凭证图片/)
        .filter({ visible: true })
        .first()
        .click(),
    ])
    expect(download.suggestedFilename()).toBe(`体检签到凭证-${detail.shortCode}.png`)
    const bytes = await readFile((await download.path())!)
    expect(await sharp(bytes).metadata()).toMatchObject({ format: 'png', width: 750, height: 1200 })
    await sharp(bytes).toFile(shot('2-pass-image'))
    await father.getByText('凭证图片已保存').waitFor()

    // 2. staff01 at the site: 工作台 → 体检预约 → 今日签到, types the code the father reads out
    const staffCtx = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, locale: 'zh-CN' })
    const staff = await staffCtx.newPage()
    await staff.goto(base + '/pages/login/index')
    await staff.locator('.login-switch').click()
    await fill(staff, '工作人员账号', 'staff01')
    await fill(staff, '密码', 'demo1234')
    await staff.locator('.login-submit').click()
    await acceptPrivacyIfAsked(staff, '工作台')
    await staff.locator('.staff-home').waitFor()
    await staff.locator('.staff-checkups-entry').click()
    await staff.locator('.cks-campaign').first().waitFor()
    await staff.locator('.cks-campaign').first().getByText('今日签到').click()
    await staff.getByText('名单（已签到 0/1）').waitFor()
    const submit = staff.locator('.cks-row .lp-btn:visible', { hasText: /^签到$/ })
    // a misread character: a clear message, nobody checked in
    const wrong = detail.shortCode[0] === 'Z' ? `Y${detail.shortCode.slice(1)}` : `Z${detail.shortCode.slice(1)}`
    await fill(staff, '签到码（如 K7P2-9QXM）或身份证号', wrong.toLowerCase())
    await submit.click()
    await staff.getByText(/签到码不对/).waitFor()
    await staff.getByText('名单（已签到 0/1）').waitFor()
    await staff.screenshot({ path: shot('3-staff-wrong-code'), fullPage: true })
    // typed as read out: lower case, no dash
    await fill(staff, '签到码（如 K7P2-9QXM）或身份证号', detail.shortCode.replace('-', '').toLowerCase())
    await submit.click()
    await staff.getByText(/陈国华 已签到/).waitFor()
    await staff.getByText('名单（已签到 1/1）').waitFor()
    await staff.screenshot({ path: shot('4-staff-checked-in'), fullPage: true })
    const after = await db.selectFrom('checkup_bookings').select(['status', 'checked_in_by']).where('id', '=', booking.id).executeTakeFirstOrThrow()
    expect(after.status).toBe('checked_in')
    await fatherCtx.close()
    await staffCtx.close()
  })
})
