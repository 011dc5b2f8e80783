import fs from 'node:fs'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { fill, loginByPhone, loginStaff, pageSettled } from './browser'
import { describeH5 } from './suite'

const SHOTS = process.env.DELIB_SHOTS ?? path.resolve(__dirname, '..', '.artifacts', 'deliberation')

async function phone(browser: Browser, width = 390): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width, height: 844 }, deviceScaleFactor: 2, locale: 'zh-CN' })
  return ctx.newPage()
}

function watch(page: Page, failures: string[]): void {
  page.on('response', (r) => {
    if (r.status() >= 500) failures.push(`${r.status()} ${r.url()}`)
  })
  page.on('pageerror', (e) => failures.push(e.message))
}

const visible = (page: Page, text: string | RegExp) => page.getByText(text).filter({ visible: true }).first()

describeH5('H5: 议事协商 — propose, support, triage, vote (online, elder mode, paper), close and 公示', (env) => {
  jest.setTimeout(300_000)
  beforeAll(() => fs.mkdirSync(SHOTS, { recursive: true }))

  test('a resident proposes, two support, staff answer and run a vote; an elder votes at 320 px; paper ballot; result published', async () => {
    const { browser, server } = env()
    const failures: string[] = []
    const title = `楼下健身器材损坏${Date.now() % 1000}`

    // 王芳 proposes from 首页 → 议事
    const wang = await phone(browser)
    watch(wang, failures)
    await loginByPhone(wang, server.url, '13800000001')
    await wang.goto(server.url + '/pages/index/index')
    await visible(wang, '议事').click()
    await visible(wang, '身边的议题').waitFor()
    await visible(wang, '东湖路夜间停车难').waitFor() // the demo's topic past its threshold
    await wang.screenshot({ path: path.join(SHOTS, '01-resident-home.png'), fullPage: true })
    await visible(wang, '我要提议题').click()
    await fill(wang, '例如：东湖路夜间停车难', title)
    await wang.locator('textarea[placeholder="发生在哪里、影响了谁、希望怎么办"]').fill('小区南门的健身器材坏了两个月，老人锻炼不安全，希望尽快修好。')
    // a topic needs a category: without one the form says so and nothing is sent
    await visible(wang, '提交议题').click()
    await visible(wang, '请选择议题类别').waitFor()
    await visible(wang, '公共设施').click()
    await wang.screenshot({ path: path.join(SHOTS, '02a-propose-category.png'), fullPage: true })
    await visible(wang, '提交议题').click()
    await visible(wang, /满 2 人转社区答复/).waitFor()
    await visible(wang, /公共设施 · 东湖社区/).waitFor()
    await pageSettled(wang)
    const topicUrl = wang.url()
    expect(topicUrl).toContain('/packages/deliberation/topic/index?id=')
    await wang.screenshot({ path: path.join(SHOTS, '02-topic-proposed.png'), fullPage: true })

    // 李强 and 赵秀英 support it (赵秀英's page is kept: she votes on it later; login codes are limited per minute)
    let elder: Page | null = null
    for (const who of ['13800000002', '13800000004']) {
      const p = await phone(browser, who === '13800000004' ? 320 : 390)
      watch(p, failures)
      await loginByPhone(p, server.url, who)
      await p.goto(topicUrl)
      await visible(p, title).waitFor()
      await visible(p, '支持这个议题').click()
      await visible(p, '已支持，有答复会通知您').waitFor()
      if (who === '13800000004') {
        await visible(p, '待社区答复').waitFor()
        await p.screenshot({ path: path.join(SHOTS, '03-topic-triage-elder.png'), fullPage: true })
        elder = p
      } else await p.context().close()
    }

    // staff01 at a desk: the triage queue, answer, then run a vote
    const desk = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' })).newPage()
    watch(desk, failures)
    await loginStaff(desk, server.url, 'staff01')
    await visible(desk, /^议事协商/).click()
    await visible(desk, /待答复议题/).waitFor()
    await visible(desk, title).waitFor()
    await pageSettled(desk)
    await desk.screenshot({ path: path.join(SHOTS, '04-staff-triage-1280.png'), fullPage: true })
    await visible(desk, title).click()
    await visible(desk, '答复议题').waitFor()
    await visible(desk, '列入议事会').click()
    await desk.locator('textarea[placeholder="答复理由（居民会看到）"]').fill('列入本月 20 日议事会，请物业一同商议维修方案')
    await visible(desk, '提交答复').click()
    await visible(desk, '已答复，提议人和支持者都会收到通知').waitFor()
    await visible(desk, '已列入议事会').waitFor()
    await desk.goBack()
    await visible(desk, '新建表决').click()
    const voteTitle = `健身器材维修方案${Date.now() % 1000}`
    await fill(desk, '表决标题', voteTitle)
    await desk.locator('textarea[placeholder="每行一个选项"]').fill('同意维修\n更换新器材\n弃权')
    await visible(desk, '开始表决').click()
    await visible(desk, '截止投票').waitFor()
    await desk.screenshot({ path: path.join(SHOTS, '05-staff-vote-open-1280.png'), fullPage: true })

    // 王芳 votes online: rules first, the choice, read back, receipt
    await wang.goto(server.url + '/packages/deliberation/index/index')
    await visible(wang, voteTitle).click()
    await visible(wang, /怎样算通过/).waitFor()
    await visible(wang, '开始投票').click()
    await visible(wang, '同意维修').click()
    await visible(wang, '下一步').click()
    await visible(wang, '「同意维修」').waitFor()
    await visible(wang, '确认投票').click()
    await visible(wang, '投票成功').waitFor()
    await wang.screenshot({ path: path.join(SHOTS, '06-resident-voted.png'), fullPage: true })

    // 赵秀英 (长辈模式) on a 320 px phone: one question per screen, large, read back before sending
    if (!elder) throw new Error('no elder page')
    await elder.goto(server.url + '/packages/deliberation/index/index')
    await visible(elder, voteTitle).click()
    await elder.locator('.lp.elder').filter({ visible: true }).first().waitFor()
    await visible(elder, '开始投票').waitFor()
    await pageSettled(elder)
    expect(await elder.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0)
    await elder.screenshot({ path: path.join(SHOTS, '07-elder-rules-320.png'), fullPage: true })
    await visible(elder, '开始投票').click()
    await visible(elder, '更换新器材').click()
    const optionHeight = await visible(elder, '更换新器材').evaluate((el) => (el.closest('.lp-btn') as HTMLElement).getBoundingClientRect().height)
    expect(optionHeight).toBeGreaterThanOrEqual(60)
    await elder.screenshot({ path: path.join(SHOTS, '08-elder-choose-320.png'), fullPage: true })
    await visible(elder, '下一步').click()
    await visible(elder, '您选择的是：').waitFor()
    await visible(elder, '「更换新器材」').waitFor()
    await elder.screenshot({ path: path.join(SHOTS, '09-elder-readback-320.png'), fullPage: true })
    await visible(elder, '确认投票').click()
    await visible(elder, '投票成功').waitFor()
    expect(await elder.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0)
    await elder.screenshot({ path: path.join(SHOTS, '10-elder-voted-320.png'), fullPage: true })

    // staff enter 陈国华's paper ballot (no phone) after checking his ID, then close and publish
    await desk.locator('input[placeholder="姓名、手机号或房号"]').fill('陈国华')
    await visible(desk, '查找').click()
    await desk.locator('.dl-elector').filter({ hasText: '陈国华' }).first().click()
    await desk.locator('.dl-paper').getByText('同意维修').click()
    await visible(desk, '已核对本人身份证件').click()
    await visible(desk, '录入这张选票').click()
    await visible(desk, '纸质选票已录入并计入结果').waitFor()
    await visible(desk, /实投 3（网上 2，纸质 1）/).waitFor()
    await desk.screenshot({ path: path.join(SHOTS, '11-staff-paper-1280.png'), fullPage: true })
    await visible(desk, '截止投票').click()
    await visible(desk, '公示结果').click()
    await visible(desk, '表决结果（已公示）').waitFor()
    await desk.screenshot({ path: path.join(SHOTS, '12-staff-published-1280.png'), fullPage: true })

    // 议事会 with the accepted topic on the agenda; the sign-in QR for the door
    await visible(desk, '安排与纪要').click()
    await fill(desk, '会议名称，如：十二月邻里议事会', '十二月邻里议事会')
    await desk.locator('input[type="date"]').first().fill('2026-12-20')
    await fill(desk, '地点', '东湖社区活动室')
    await desk.locator('.lp-choice').filter({ hasText: title }).first().click()
    // members by role: 业委会 张建国
    await desk.getByText('业委会', { exact: true }).filter({ visible: true }).first().click()
    await fill(desk, '成员姓名或单位', '张建国')
    await visible(desk, '添加成员').click()
    await visible(desk, '业委会 · 张建国').waitFor()
    await desk.getByText('安排', { exact: true }).filter({ visible: true }).first().click()
    await visible(desk, /议事会已安排/).waitFor()
    await visible(desk, /成员：业委会 张建国/).waitFor()
    await visible(desk, '签到二维码').click()
    await desk.locator('.dl-qr').first().waitFor()
    await desk.screenshot({ path: path.join(SHOTS, '12b-staff-meeting-1280.png'), fullPage: true })

    // 王芳 sees the published result: 3 ballots, paper counted
    await wang.reload()
    await visible(wang, '表决结果（已公示）').waitFor()
    await visible(wang, /实投 3（网上 2，纸质 1）/).waitFor()
    await visible(wang, /同意维修：2 票/).waitFor()
    await wang.screenshot({ path: path.join(SHOTS, '13-resident-result.png'), fullPage: true })
    expect(failures).toEqual([])
  })
})
