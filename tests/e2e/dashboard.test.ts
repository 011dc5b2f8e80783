import fs from 'node:fs'
import path from 'node:path'
import ExcelJS from 'exceljs'
import type { Page } from 'playwright-core'
import { ARTIFACTS, loginStaff, pageSettled } from './browser'
import { describeH5 } from './suite'

const visible = (page: Page, text: string | RegExp, exact = false) => page.getByText(text, { exact }).filter({ visible: true }).first()

async function noOverflow(page: Page) {
  await pageSettled(page)
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0)
}

/** The list on screen has loaded: rows, or its empty text. */
async function listLoaded(page: Page) {
  await page.waitForFunction(() => {
    const shown = [...document.querySelectorAll('.db-worklist')].find((e) => e.getClientRects().length > 0)
    return Boolean(shown && !shown.textContent?.includes('正在加载') && (shown.querySelector('.db-work-row') || shown.textContent?.includes('名单上没有人了')))
  })
}

/**
 * 月度报表: once the list has loaded (a stored month's buttons, or the generate button), make sure
 * last month is stored — generating it now if the 1st-of-month tick has not run on this database.
 */
async function lastMonthStored(page: Page) {
  const generateText = /现在生成 \d{4}-\d{2} 的报表/
  await page
    .getByText(new RegExp(`^打印版$|^下载 Excel$|${generateText.source}`))
    .filter({ visible: true })
    .first()
    .waitFor()
  const generate = page.getByText(generateText).filter({ visible: true })
  if (await generate.count()) await generate.click()
}

describeH5('H5: 报表通 — 数据概览, drill-down, call list, monthly report (admin01 1280 px, lead01 375 px)', (env) => {
  jest.setTimeout(240_000)

  test('admin01 at a desk: figures, tap 当前超期 for the reports behind it, export the call list, generate last month', async () => {
    const ctx = await env().browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', acceptDownloads: true })
    const page = await ctx.newPage()
    const failures: string[] = []
    page.on('response', (r) => {
      if (r.status() >= 500) failures.push(`${r.status()} ${r.url()}`)
    })
    page.on('pageerror', (e) => failures.push(e.message))
    await loginStaff(page, env().server.url, 'admin01')
    await page.getByText('数据概览（趋势、超期、满意度、精准滴灌名单、月度报表）').click()
    await page.locator('.db-card').filter({ hasText: '收到' }).first().waitFor()
    await page.getByText('本月').first().waitFor()
    // the street's communities are listed under the figures
    await page.getByText('各社区').waitFor()
    await page.locator('.db-img-wide').waitFor()
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-admin01-1280.png'), fullPage: true })

    // drill-down: the side panel lists the overdue reports; their count equals the figure
    const overdueCard = page.locator('.db-card').filter({ hasText: '当前超期' }).first()
    const shown = Number((await overdueCard.locator('.db-card-value').innerText()).trim())
    await overdueCard.click()
    await page
      .locator('.db-side')
      .getByText(/当前超期的随手拍/)
      .waitFor()
    await page.locator('.db-side').getByText('刷新').waitFor()
    await page.waitForFunction(() => !document.querySelector('.db-side')?.textContent?.includes('正在加载'))
    expect(await page.locator('.db-side .db-tr').count()).toBe(Math.min(shown, 50))
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-drill-1280.png') })

    // this year: a longer trend; the period before is named in the section title
    await page.getByText('今年').first().click()
    await page.getByText(/与 01-01 至 12-31 比/).waitFor()

    // the call list of elders who have not booked their checkup, exported as xlsx
    await page.getByText('未预约体检的老人名单').click()
    await page.getByText(/按年龄从大到小/).waitFor()
    await page.getByText('全部').first().click()
    const download = page.waitForEvent('download')
    await page.getByText('导出 Excel').click()
    expect((await download).suggestedFilename()).toMatch(/\.xlsx$/)
    const first = page.locator('.db-elder').first()
    if (await first.count()) {
      await first.getByText('联系不上').click()
      await first.getByText(/上次联系：联系不上/).waitFor()
    }
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-calls-1280.png') })

    // 月度报表: generate last month now (tick does it on the 1st) and see it listed
    await page.goBack()
    await page.getByText('月度报表').last().click()
    await lastMonthStored(page)
    await page.getByText('下载 Excel').first().waitFor()
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-monthly-1280.png') })
    expect(failures).toEqual([])
    await ctx.close()
  })

  test('lead01 on a phone sees the 片区 figures and the charts', async () => {
    const ctx = await env().browser.newContext({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, locale: 'zh-CN' })
    const page = await ctx.newPage()
    const failures: string[] = []
    page.on('pageerror', (e) => failures.push(e.message))
    await loginStaff(page, env().server.url, 'lead01')
    await page.getByText(/^数据概览/).click()
    await page.locator('.db-card').filter({ hasText: '按时办结率' }).first().waitFor()
    await page.locator('.db-img-wide').waitFor()
    await pageSettled(page)
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    expect(overflow).toBeLessThanOrEqual(0)
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-lead01-375.png'), fullPage: true })
    expect(failures).toEqual([])
    await ctx.close()
  })

  test('admin01 at a desk: the map, the work lists (mark a volunteer, export the list as xlsx), the printable monthly report', async () => {
    const ctx = await env().browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', acceptDownloads: true })
    const page = await ctx.newPage()
    const failures: string[] = []
    page.on('response', (r) => {
      if (r.status() >= 500) failures.push(`${r.status()} ${r.url()}`)
    })
    page.on('pageerror', (e) => failures.push(e.message))
    await loginStaff(page, env().server.url, 'admin01')
    await page.getByText('数据概览（趋势、超期、满意度、精准滴灌名单、月度报表）').click()
    const map = page.locator('.db-map').filter({ visible: true }).first()
    await map.waitFor()
    await map.locator('img').evaluate((img: HTMLImageElement) => img.decode())
    expect(await map.locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0)
    await map.scrollIntoViewIfNeeded()
    await map.screenshot({ path: path.join(ARTIFACTS, 'dashboard-map-1280.png') })

    await visible(page, /^精准滴灌名单/).click()
    await visible(page, '独居、卧床老人久未联系', true).waitFor()
    await listLoaded(page)
    await visible(page, '钱桂兰', false).waitFor()
    await pageSettled(page)
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-lists-isolated-1280.png'), fullPage: true })

    // 吴志刚 (demo) has been a volunteer for half a year without serving: tick him off, export the list
    await visible(page, '90 天没有服务的志愿者', true).click()
    await listLoaded(page)
    const row = page.locator('.db-work-row').filter({ visible: true }).filter({ hasText: '吴志刚' })
    await row.getByText('联系不上').click()
    await row.getByText(/上次标记：联系不上（郑志明/).waitFor()
    const download = page.waitForEvent('download')
    await visible(page, '导出 Excel').click()
    const file = await download
    expect(file.suggestedFilename()).toMatch(/\.xlsx$/)
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(fs.readFileSync(await file.path()) as unknown as ArrayBuffer)
    const names: unknown[] = []
    book.worksheets[0].eachRow((r, n) => n > 1 && names.push(r.getCell(1).value))
    expect(names).toContain('吴志刚')
    expect(book.worksheets[0].getRow(2 + names.indexOf('吴志刚')).getCell(7).value).toMatch(/^联系不上 郑志明/)
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-lists-volunteers-1280.png'), fullPage: true })
    await visible(page, '等部门处理最久的随手拍', true).click()
    await listLoaded(page)
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-lists-department-1280.png'), fullPage: true })

    // 月度报表 → 打印版: the stored month's tables; print CSS hides the buttons
    await page.goBack()
    await visible(page, '月度报表', true).click()
    await lastMonthStored(page)
    await visible(page, '打印版', true).click()
    await visible(page, /\d{4}-\d{2} 月度报表$/).waitFor()
    await page.locator('.pr-sheet').filter({ visible: true }).first().waitFor()
    expect(await page.locator('.pr-sheet-title').filter({ visible: true }).allInnerTexts()).toEqual(['汇总', '随手拍', '随手拍类别', '积分', '时间银行', '体检'])
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-print-1280.png'), fullPage: true })
    await page.emulateMedia({ media: 'print' })
    expect(await visible(page, '打印 / 存为 PDF').isVisible()).toBe(false)
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-print-media-1280.png'), fullPage: true })
    const pdf = await page.pdf({ format: 'A4' })
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    fs.writeFileSync(path.join(ARTIFACTS, 'dashboard-print.pdf'), pdf)
    expect(failures).toEqual([])
    await ctx.close()
  })

  test('lead01 on a phone: the map, a work list and the print page fit 375 px', async () => {
    const ctx = await env().browser.newContext({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, locale: 'zh-CN' })
    const page = await ctx.newPage()
    const failures: string[] = []
    page.on('pageerror', (e) => failures.push(e.message))
    await loginStaff(page, env().server.url, 'lead01')
    await page.getByText(/^数据概览/).click()
    const map = page.locator('.db-map').filter({ visible: true }).first()
    await map.waitFor()
    await map.scrollIntoViewIfNeeded()
    await noOverflow(page)
    await map.screenshot({ path: path.join(ARTIFACTS, 'dashboard-map-375.png') })
    await visible(page, /^精准滴灌名单/).click()
    await visible(page, '90 天没有服务的志愿者', true).click()
    await listLoaded(page)
    await visible(page, '吴志刚').waitFor()
    await noOverflow(page)
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-lists-375.png'), fullPage: true })
    await page.goBack()
    await visible(page, '月度报表', true).click()
    await lastMonthStored(page)
    await visible(page, '打印版', true).click()
    await page.locator('.pr-sheet').filter({ visible: true }).first().waitFor()
    await noOverflow(page)
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-print-375.png'), fullPage: true })
    expect(failures).toEqual([])
    await ctx.close()
  })
})
