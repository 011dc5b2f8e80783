import path from 'node:path'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import QRCode from 'qrcode'
import sharp from 'sharp'
import { fill, launch, loginByPhone, loginStaff, pageSettled, phonePage } from './browser'
import { describeH5 } from './suite'

const SHOTS = process.env.SHOTS_DIR ?? path.resolve(__dirname, '..', '.artifacts', 'resources')
mkdirSync(SHOTS, { recursive: true })
const shot = (name: string) => path.join(SHOTS, `${name}.png`)

/** A Y4M video (what Chromium's fake camera plays) of the QR on a white frame (as in checkups-scan.test.ts). */
async function qrVideo(text: string, file: string): Promise<void> {
  const W = 640
  const H = 480
  const qr = await QRCode.toBuffer(text, { type: 'png', margin: 2, width: 360 })
  const y = await sharp({ create: { width: W, height: H, channels: 3, background: '#ffffff' } })
    .composite([{ input: qr, left: (W - 360) / 2, top: (H - 360) / 2 }])
    .greyscale()
    .raw()
    .toBuffer({ resolveWithObject: true })
  const luma = y.info.channels === 1 ? y.data : Buffer.from(Array.from({ length: W * H }, (_, i) => y.data[i * y.info.channels]))
  const chroma = Buffer.alloc((W / 2) * (H / 2), 128)
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma, chroma])
  writeFileSync(file, Buffer.concat([Buffer.from(`YUV4MPEG2 W${W} H${H} F10:1 Ip A1:1 C420jpeg\n`), frame, frame, frame]))
}

/** Tomorrow's Shanghai date as the app computes it. */
function tomorrowShanghai(): string {
  return new Date(Date.now() + 8 * 3600_000 + 86_400_000).toISOString().slice(0, 10)
}

describeH5('H5: 资源共享 — a 乌中 resident books 东湖’s room, staff approve and check in by QR; an organisation’s activity earns points', (env) => {
  test('马红 (乌中) books 东湖二楼活动室, sees the clash of a second try, staff01 approves, the QR checks her in', async () => {
    const base = env().server.url
    const day = tomorrowShanghai()
    const page = await phonePage(env().browser)
    await loginByPhone(page, base, '13800000019')
    await page.goto(base + '/pages/index/index')
    await page.getByText('场地预约', { exact: true }).click()
    const card = page.locator('.rs-item').filter({ hasText: '东湖二楼活动室' })
    await card.waitFor()
    expect(await page.locator('.rs-item').filter({ hasText: '东湖议事厅' }).count()).toBe(0) // 东湖's own residents only
    await page.screenshot({ path: shot('1-search'), fullPage: true })
    await card.click()
    await page.getByText('使用须知', { exact: false }).waitFor()
    await fill(page, '例如：亲子读书会', '亲子读书会')
    await page.getByText('提交预约').click()
    await page.getByText('已提交，等待社区审核', { exact: false }).waitFor()
    await page.screenshot({ path: shot('2-booked'), fullPage: true })

    // the same time again: the clash is named
    await page.goto(`${base}/packages/resources/detail/index?id=${await resourceId(base, '东湖二楼活动室')}&date=${day}`)
    await page.getByText('这天已被约', { exact: false }).waitFor()
    await page.getByText('提交预约').click()
    await page.locator('.rs-clash').waitFor()
    expect(await page.locator('.rs-clash').innerText()).toContain('第 1 周')
    await page.screenshot({ path: shot('3-clash'), fullPage: true })

    // 东湖's staff approve it at the 工作台
    const staff = await phonePage(env().browser)
    await loginStaff(staff, base, 'staff01')
    await staff.getByText('场地与社会组织', { exact: false }).first().click()
    const pending = staff.locator('.lp-card').filter({ hasText: '马红（乌中社区）' })
    await pending.waitFor()
    await pageSettled(staff)
    await staff.screenshot({ path: shot('4-staff-approvals'), fullPage: true })
    await pending.getByText('通过', { exact: true }).click()
    await staff.getByText('已通过：马红', { exact: false }).waitFor()

    // 场地管理: 东湖 lists one more room
    await staff.getByText('场地管理', { exact: true }).click()
    await staff.locator('.lp-card').filter({ hasText: '东湖议事厅' }).waitFor()
    await fill(staff, '名称，例如：三楼书画室', '三楼书画室')
    await fill(staff, '地点', '东湖路 17 弄 2 号 3 楼')
    await staff.getByText('上架', { exact: true }).click()
    await staff.getByText('已上架：三楼书画室').waitFor()
    await staff.screenshot({ path: shot('4b-staff-manage'), fullPage: true })

    // her QR, under 我的预约
    await page.goto(base + '/packages/resources/mine/index')
    await page.getByText('已通过', { exact: false }).first().waitFor()
    await page.getByText('出示签到二维码').click()
    await page.locator('.rs-qr').waitFor()
    const code = (await page.locator('.rs-code').innerText()).trim()
    expect(code).toMatch(/^rb1\./)
    await page.screenshot({ path: shot('5-my-qr'), fullPage: true })

    // a wrong code is refused
    await staff.goto(base + '/packages/resources/staff/index')
    await staff.getByText('扫码签到', { exact: true }).click()
    await fill(staff, '签到码（二维码下方的 rb1.… ）', code.slice(0, -3) + 'abc')
    await staff.getByText('签到', { exact: true }).click()
    await staff.getByText('二维码无效', { exact: false }).waitFor()

    // the morning of the booking: her QR held up to staff01's phone camera (jsQR reads it)
    const start = new Date(`${day}T09:00:00+08:00`).getTime()
    const offset = start - 10 * 60_000 - Date.now()
    env().server.deps.clock = { now: () => new Date(Date.now() + offset) }
    const dir = mkdtempSync(path.join(os.tmpdir(), 'linli-rs-scan-'))
    const video = path.join(dir, 'qr.y4m')
    await qrVideo(code, video)
    const camera = await launch(['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${video}`])
    try {
      const ctx = await camera.browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, locale: 'zh-CN', permissions: ['camera'] })
      const scanner = await ctx.newPage()
      await loginStaff(scanner, base, 'staff01')
      await scanner.goto(base + '/packages/resources/staff/index')
      await scanner.getByText('扫码签到', { exact: true }).click()
      await scanner.getByText('用摄像头扫预约二维码').click()
      await scanner.getByText('已签到：马红', { exact: false }).waitFor()
      // today's list follows the server's day (the booking's), not the phone's
      await scanner.locator('.lp-card').filter({ hasText: '马红（乌中社区）' }).filter({ hasText: '已签到' }).waitFor()
      await scanner.screenshot({ path: shot('6-staff-checked-in'), fullPage: true })
    } finally {
      await camera.close()
      rmSync(dir, { recursive: true, force: true })
    }
    env().server.deps.clock = { now: () => new Date() }
  })

  test('李强 publishes an activity for 东湖红马甲志愿服务队; 王芳 signs in with its QR and earns 5 points', async () => {
    const base = env().server.url
    const leader = await phonePage(env().browser)
    await loginByPhone(leader, base, '13800000002')
    await leader.goto(base + '/packages/resources/org/index')
    await leader.getByText('东湖红马甲志愿服务队').first().waitFor()
    await fill(leader, '活动名称，例如：敬老院包饺子', '社区花园除草')
    await fill(leader, '地点', '东湖小花园')
    await leader.getByText('发布', { exact: true }).click()
    await leader.getByText('已发布，成员都收到了通知').waitFor()
    const activity = leader.locator('.lp-card').filter({ hasText: '社区花园除草' })
    await activity.getByText('出示签到二维码').click()
    await activity.locator('.rs-qr').waitFor()
    const url = (await activity.locator('.rs-code').innerText()).trim()
    expect(url).toMatch(/^\/packages\/resources\/org-checkin\/index\?code=/)
    await leader.screenshot({ path: shot('7-leader-activity-qr'), fullPage: true })

    const member = await phonePage(env().browser)
    await loginByPhone(member, base, '13800000001')
    await member.goto(base + url)
    await member.getByText('确认签到').click()
    await member.getByText('签到成功：东湖红马甲志愿服务队 · 社区花园除草').waitFor()
    await member.screenshot({ path: shot('8-member-signed-in'), fullPage: true })
    await member.getByText('查看我的积分').click()
    await member.getByText('可用积分').waitFor()
    // 45 from the demo + 5 for the activity (the outbox is delivered right after the sign-in)
    await member.locator('.pts-big').getByText('50').waitFor()
    await member.screenshot({ path: shot('9-member-points'), fullPage: true })
  })
})

async function resourceId(base: string, name: string): Promise<string> {
  const login = await fetch(`${base}/api/v1/auth/staff/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin01', password: 'demo1234' }) })
  const token = ((await login.json()) as { token: string }).token
  const res = await fetch(`${base}/api/v1/resources?kind=room`, { headers: { authorization: `Bearer ${token}` } })
  const items = ((await res.json()) as { items: { id: string; name: string }[] }).items
  return items.find((i) => i.name === name)!.id
}
