import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import sharp from 'sharp'
import type { Page } from 'playwright-core'
import { ARTIFACTS, loginByPhone } from './browser'
import { describeH5 } from './suite'

/**
 * Issue 14 item 8 on H5: a person who says no to the location, or whose browser has none, places the
 * 随手拍 pin by hand — it starts at the centre of her community, a tap moves it, 看更大范围 lets her
 * reach further — and the report is sent from there without any location consent.
 */
async function photo(seed: number): Promise<string> {
  const w = 640
  const h = 480
  const raw = Buffer.alloc(w * h * 3)
  for (let i = 0; i < raw.length; i++) raw[i] = (i * seed + (i >> 5)) & 0xff
  const file = path.join(os.tmpdir(), `linli-pin-${process.pid}-${seed}.jpg`)
  fs.writeFileSync(
    file,
    await sharp(raw, { raw: { width: w, height: h, channels: 3 } })
      .jpeg({ quality: 80 })
      .toBuffer(),
  )
  return file
}

async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(ARTIFACTS, { recursive: true })
  await page.waitForTimeout(300) // the page slide-in settles (not an assertion)
  await page.screenshot({ path: path.join(ARTIFACTS, `report-pin-${name}.png`), fullPage: true })
}

const coords = async (page: Page) => {
  const t = await page.locator('.rp-coords').innerText()
  const m = /北纬 ([\d.]+)，东经 ([\d.]+)/.exec(t)!
  return { lat: Number(m[1]), lng: Number(m[2]), text: t }
}

describeH5('H5: 随手拍 without the device location — the pin is placed and moved by hand', (env) => {
  jest.setTimeout(180_000)

  test('王芳 (no location consent, browser location blocked) places the pin herself: it starts at 东湖社区, moves on a tap, the report is sent without any consent; a refused 定位 points her there', async () => {
    const base = env().server.url
    const db = env().server.deps.db.kysely
    // no geolocation permission: the browser refuses every position request
    const ctx = await env().browser.newContext({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, locale: 'zh-CN' })
    const page = await ctx.newPage()
    await loginByPhone(page, base, '13800000001')
    await page.goto(base + '/pages/report/index')
    await page.getByText('2. 位置').waitFor()
    await page.locator('.rp-place-hint').waitFor()
    await shot(page, '1-ask')

    // 在地图上标出: the pin at her community's centre, on the drawing, with the grid's name
    await page.locator('.rp-place').click()
    await page.locator('.geo-svg .geo-pin').waitFor()
    await page.getByText(/^已标出：北纬 31\.\d{5}，东经 121\.\d{5}$/).waitFor()
    await page.locator('.geo-label', { hasText: '东湖社区 · ' }).waitFor()
    const start = await coords(page)
    const communities = (await (await page.request.get(base + '/api/v1/org/communities')).json()) as { items: { name: string; centre: { lat: number; lng: number } | null }[] }
    const donghu = communities.items.find((c) => c.name === '东湖社区')!.centre!
    expect(start.lat).toBeCloseTo(donghu.lat, 4)
    expect(start.lng).toBeCloseTo(donghu.lng, 4)
    await shot(page, '2-placed')

    // a tap moves it; 看更大范围 shows more of the street so a far place can be reached
    // (the pin's tip is the bottom middle of its drawing)
    const tip = async () => {
      await page.locator('.geo-svg').scrollIntoViewIfNeeded()
      const b = (await page.locator('.geo-svg .geo-pin').boundingBox())!
      const svg = (await page.locator('.geo-svg').boundingBox())!
      return { x: b.x + b.width / 2, y: b.y + b.height, bottom: svg.y + svg.height, right: svg.x + svg.width }
    }
    let at = await tip()
    await page.mouse.click(at.x - 40, (at.y + at.bottom) / 2)
    await page.waitForFunction((before) => !document.querySelector('.rp-coords')!.textContent!.includes(before), start.text.split('：')[1])
    const moved = await coords(page)
    expect(moved.lat).toBeLessThan(start.lat) // below the pin = further south
    expect(moved.lng).toBeLessThan(start.lng) // left of it = further west
    await page.getByText('看更大范围').click()
    at = await tip()
    await page.mouse.click(Math.min(at.x + 60, at.right - 4), at.y - 4)
    await page.waitForFunction((before) => !document.querySelector('.rp-coords')!.textContent!.includes(before), moved.text.split('：')[1])
    const far = await coords(page)
    expect(far.lng).toBeGreaterThan(moved.lng)
    await shot(page, '3-moved')

    // the rest of the form, then 提交: sent from the hand-placed pin, no consent asked or recorded
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByText(/拍照或从相册选/).click()])
    await chooser.setFiles(await photo(7))
    await page.getByText('已上传').waitFor()
    await page.getByText('🧹 环境卫生').click()
    await page.locator('textarea').first().fill('垃圾桶满了没人清，味道很大')
    await page.locator('.rp-submit').click()
    await page.getByText('上报成功！').waitFor()
    const report = await db.selectFrom('reports').select(['lat', 'lng']).where('description', '=', '垃圾桶满了没人清，味道很大').executeTakeFirstOrThrow()
    expect(report.lat).toBeCloseTo(far.lat, 4)
    expect(report.lng).toBeCloseTo(far.lng, 4)
    const wang = await db.selectFrom('users').select('id').where('phone', '=', '13800000001').executeTakeFirstOrThrow()
    expect(await db.selectFrom('consents').select('kind').where('user_id', '=', wang.id).where('kind', '=', 'location').execute()).toEqual([])
    await shot(page, '4-sent')

    // the next report: she does tap 同意并定位, the browser says no — the message offers the hand-placed pin
    await page.goto(base + '/pages/report/index')
    await page.locator('.rp-locate').click()
    await page.getByText('没有拿到位置。可以再试一次，或点「在地图上标出」自己标出地点。').waitFor()
    await page.locator('.rp-place').waitFor()
    await ctx.close()
  })
})
