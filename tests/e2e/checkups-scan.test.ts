import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import QRCode from 'qrcode'
import sharp from 'sharp'
import type { Browser } from 'playwright-core'
import { issueSession } from '../../cloud/accounts/issue-session'
import { ARTIFACTS, acceptPrivacyIfAsked, browserAvailable, fill, launch } from './browser'
import { startDemoServer, type DemoServer } from './server'

/** A Y4M video (what Chromium's fake camera plays in a loop) of the QR on a white 640×480 frame. */
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
  await writeFile(file, Buffer.concat([Buffer.from(`YUV4MPEG2 W${W} H${H} F10:1 Ip A1:1 C420jpeg\n`), frame, frame, frame]))
}

/** 体检签到 on H5 by the phone's camera: jsQR reads the elder's QR from the video and checks him in. */
;(browserAvailable() ? describe : describe.skip)('H5: 体检签到 — staff scan the QR with the phone camera (jsQR)', () => {
  jest.setTimeout(180_000)
  let server: DemoServer
  let chrome: { browser: Browser; close(): Promise<void> } | undefined
  let dir = ''
  let offsetMs = 0
  beforeAll(async () => {
    server = await startDemoServer()
    server.deps.clock = { now: () => new Date(Date.now() + offsetMs) }
    dir = await mkdtemp(path.join(os.tmpdir(), 'linli-scan-'))
  })
  afterAll(async () => {
    await chrome?.close()
    await server?.close()
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  test("陈国华's QR held up to staff01's camera → 已签到", async () => {
    const base = server.url
    const db = server.deps.db.kysely
    const fatherId = (await db.selectFrom('users').select('id').where('name', '=', '陈国华').executeTakeFirstOrThrow()).id
    const daughterId = (await db.selectFrom('users').select('id').where('phone', '=', '13800000003').executeTakeFirstOrThrow()).id
    const daughter = (await issueSession(server.deps, daughterId)).token
    const get = async (p: string) => (await fetch(base + p, { headers: { authorization: `Bearer ${daughter}` } })).json()
    const campaign = (await get('/api/v1/checkups/campaigns')).items[0]
    const open = (await get(`/api/v1/checkups/campaigns/${campaign.id}/sessions`)).items.find((s: { status: string; remaining: number }) => s.status === 'open' && s.remaining > 0)
    const booked = await fetch(base + '/api/v1/checkups/bookings', {
      method: 'POST',
      headers: { authorization: `Bearer ${daughter}`, 'content-type': 'application/json', 'idempotency-key': 'e2e-scan-1' },
      body: JSON.stringify({ elderId: fatherId, sessionId: open.id }),
    })
    expect(booked.status).toBe(201)
    const booking = await booked.json()
    const detail = await get(`/api/v1/checkups/bookings/${booking.id}`)
    offsetMs = new Date(booking.session.startsAt).getTime() - 30 * 60_000 - Date.now()

    const video = path.join(dir, 'qr.y4m')
    await qrVideo(`linli:checkup:${detail.checkInCode}`, video)
    chrome = await launch(['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${video}`])
    const ctx = await chrome.browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, locale: 'zh-CN', permissions: ['camera'] })
    const staff = await ctx.newPage()
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
    await staff.getByText('用摄像头扫老人的预约二维码').click()
    await staff.getByText(/陈国华 已签到/).waitFor()
    await staff.getByText('名单（已签到 1/1）').waitFor()
    expect(await staff.locator('video.cks-video').count()).toBe(0) // the camera is off again
    await staff.screenshot({ path: path.join(ARTIFACTS, 'checkups-scan-h5-checked-in.png'), fullPage: true })
    const after = await db.selectFrom('checkup_bookings').select('status').where('id', '=', booking.id).executeTakeFirstOrThrow()
    expect(after.status).toBe('checked_in')
    await ctx.close()
  })
})
