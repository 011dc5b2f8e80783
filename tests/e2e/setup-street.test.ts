import path from 'node:path'
import { ARTIFACTS, loginStaff } from './browser'
import { describeH5 } from './suite'
import { PEOPLE_HEADER, peopleRows, peopleXlsx } from '../helpers/people-sheet'

const polygon = (ring: number[][]) => ({ type: 'Polygon', coordinates: [ring] })
const feature = (name: string, ring: number[][]) => ({ type: 'Feature', properties: { name }, geometry: polygon(ring) })

describeH5('H5: 管理 — 网格边界 and 导入居民 (admin01, 1280 px and 375 px)', (env) => {
  jest.setTimeout(180_000)

  test('admin01 previews the demo boundaries, checks and imports a FeatureCollection at 1280 px', async () => {
    const ctx = await env().browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' })
    const page = await ctx.newPage()
    await loginStaff(page, env().server.url, 'admin01')
    await page.goto(env().server.url + '/packages/admin/boundaries/index')
    await page.getByText('现有边界').waitFor()
    await page.getByText(/有多边形 15 个/).waitFor()
    await page.screenshot({ path: path.join(ARTIFACTS, 'admin-boundaries-1280.png'), fullPage: true })

    const collection = {
      type: 'FeatureCollection',
      features: [
        feature('东湖社区第一网格', [
          [121.43, 31.205],
          [121.4325, 31.205],
          [121.4325, 31.1965],
          [121.435, 31.1965],
          [121.435, 31.215],
          [121.43, 31.215],
          [121.43, 31.205],
        ]),
        feature('东湖社区第二网格', [
          [121.43, 31.195],
          [121.435, 31.195],
          [121.435, 31.1965],
          [121.4325, 31.1965],
          [121.4325, 31.205],
          [121.43, 31.205],
          [121.43, 31.195],
        ]),
        feature('不存在的网格', [
          [121.43, 31.195],
          [121.431, 31.195],
          [121.431, 31.196],
          [121.43, 31.195],
        ]),
      ],
    }
    await page.getByText(/GCJ-02（微信/).click()
    await page.locator('textarea').fill(JSON.stringify(collection))
    await page.getByText('预检', { exact: true }).click()
    await page.getByText('匹配 2 个 · 未匹配 1 个').waitFor()
    await page.getByText(/找不到这个网格或社区/).waitFor()
    await page.screenshot({ path: path.join(ARTIFACTS, 'admin-boundaries-dryrun-1280.png'), fullPage: true })

    collection.features.pop()
    await page.locator('textarea').fill(JSON.stringify(collection))
    await page.getByText('预检', { exact: true }).click()
    await page.getByText('匹配 2 个 · 未匹配 0 个 · 问题 0 条').waitFor()
    await page.getByRole('button', { name: '确认导入' }).click()
    await page.getByText('已导入 2 个边界').waitFor()
    await ctx.close()
  })

  test('admin01 imports a 台账 on a phone (375 px): 预检 shows the refused rows, 确认导入 creates the rest', async () => {
    const ctx = await env().browser.newContext({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, locale: 'zh-CN' })
    const page = await ctx.newPage()
    await loginStaff(page, env().server.url, 'admin01')
    await page.goto(env().server.url + '/packages/admin/people/index')
    await page.getByText('1. 选择表格').waitFor()
    const { rows } = peopleRows({ rows: 120, community: '高安社区', withBadRows: false, phonePrefix: '137', seed: 50_000 })
    rows[5][1] = rows[5][1]!.slice(0, 17) + (rows[5][1]![17] === '0' ? '1' : '0') // a wrong check digit
    const chooser = page.waitForEvent('filechooser')
    await page.getByText('选择 Excel 表格').click()
    await (await chooser).setFiles({ name: '高安社区老年人台账.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await peopleXlsx(PEOPLE_HEADER, rows) })
    await page.getByText('高安社区老年人台账.xlsx').waitFor()
    await page.getByText('预检', { exact: true }).click()
    await page.getByText('人将新建').waitFor()
    await page.getByText('第 7 行').waitFor()
    await page.getByText(/校验位/).waitFor()
    await page.screenshot({ path: path.join(ARTIFACTS, 'admin-people-dryrun-375.png'), fullPage: true })
    await page.getByRole('button', { name: '确认导入' }).click()
    await page.getByText('已导入：新建 119 人，已有 0 人未改动，1 行未导入').waitFor()
    await page.screenshot({ path: path.join(ARTIFACTS, 'admin-people-done-375.png'), fullPage: true })
    await ctx.close()
  })
})
