import path from 'node:path'
import type { Page } from 'playwright-core'
import { tick } from '../../cloud/app'
import { loginByPhone, loginStaff, pageSettled } from './browser'
import { describeH5 } from './suite'

const SHOTS = '/work/wt/shots/care'
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true })

/**
 * 独居老人关爱 on H5 with the demo street: 陈国华 has used no water since last night, so the seed's
 * alert is waiting. It reaches grid01's 关爱预警 list; nobody takes it for 31 minutes and `tick` moves
 * it to the community; grid01 taps 我来处理, then closes it as 已上门查看; his daughter 陈静 sees the
 * alert, the outcome and the two weeks' bars.
 */
describeH5('H5: 关爱预警 — grid01 handles 陈国华’s alert, the daughter sees it', (env) => {
  jest.setTimeout(240_000)

  test('alert → list → escalation → 我来处理 → 已上门查看 → the daughter sees the outcome', async () => {
    const { server, browser } = env()
    const ctx = await browser.newContext({ viewport: { width: 375, height: 812 }, locale: 'zh-CN' })
    const page = await ctx.newPage()
    const failures: string[] = []
    page.on('response', (r) => {
      if (r.status() >= 500) failures.push(`${r.status()} ${r.url()}`)
    })
    page.on('pageerror', (e) => failures.push(e.message))

    await loginStaff(page, server.url, 'grid01')
    await page.getByText('关爱预警（独居老人用水异常、关爱登记）').click()
    const card = page.locator('.care-alert').filter({ hasText: '陈国华' }).first()
    await card.waitFor()
    await card.getByText(/没有用水|仍未用水/).waitFor()
    await card.getByText(/已通知家属和网格员/).waitFor()
    await pageSettled(page)
    await shot(page, '1-grid01-list-375')

    // nobody takes it: 31 minutes later tick escalates it to the community (staff01 is told)
    const db = server.deps.db.kysely
    const alert = await db.selectFrom('care_alerts as a').innerJoin('users as u', 'u.id', 'a.elder_id').select(['a.id', 'a.created_at']).where('u.name', '=', '陈国华').executeTakeFirstOrThrow()
    const offset = new Date(alert.created_at).getTime() + 31 * 60_000 - Date.now()
    server.deps.clock = { now: () => new Date(Date.now() + offset) }
    await tick(server.deps)
    const staff01 = await db.selectFrom('users').select('id').where('username', '=', 'staff01').executeTakeFirstOrThrow()
    const told = await db.selectFrom('notices').select('title').where('user_id', '=', staff01.id).where('link', '=', `/packages/care/alert/index?id=${alert.id}`).execute()
    expect(told.map((n) => n.title)).toEqual(['关爱预警升级：陈国华长时间未用水，仍无人处理'])
    await page.getByText('刷新').first().click()
    await card.getByText(/已升级到社区/).waitFor()
    await shot(page, '2-grid01-escalated-375')

    // 我来处理, then the detail page with its timeline, closed as 已上门查看
    await card.getByText('我来处理').click()
    await card.getByText(/张伟 正在处理/).waitFor()
    await card.locator('.care-reason').click()
    await page.locator('.lp-title').filter({ hasText: '预警详情' }).waitFor()
    const detail = page.locator('.taro_page').filter({ has: page.locator('.lp-title', { hasText: '预警详情' }) })
    await detail
      .locator('.care-timeline')
      .getByText(/我来处理/)
      .waitFor()
    await detail.getByText('结束预警').click()
    await detail.getByText('已上门查看').click()
    await detail.locator('input[placeholder="补充说明（可不填）"]').fill('老人感冒在床，已陪同就医')
    await detail.getByText('确认结束').click()
    await detail.getByText(/已结束：已上门查看/).waitFor()
    await pageSettled(page)
    await shot(page, '3-grid01-closed-visited-375')
    expect(failures).toEqual([])
    await ctx.close()

    // his daughter: 首页 → 用水关爱 → the alert, who handled it and how, the two weeks' bars
    const fam = await browser.newContext({ viewport: { width: 375, height: 812 }, locale: 'zh-CN' })
    const daughter = await fam.newPage()
    await loginByPhone(daughter, server.url, '13800000003')
    await daughter.goto(server.url + '/pages/index/index')
    await daughter.getByText('用水关爱').first().click()
    await daughter.locator('.lp-title').filter({ hasText: '陈国华 的用水关爱' }).waitFor()
    await daughter.getByText(/处理结果：已上门查看（老人感冒在床，已陪同就医）/).waitFor()
    await daughter.getByText(/张伟：我来处理/).waitFor()
    expect(await daughter.locator('.care-bar').count()).toBe(14)
    await pageSettled(daughter)
    await shot(daughter, '4-daughter-family-375')
    await fam.close()

    // at a desk: the list with the chosen alert's timeline beside it
    const desk = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' })
    const office = await desk.newPage()
    await loginStaff(office, server.url, 'staff01')
    await office.goto(server.url + '/packages/care/alerts/index')
    await office.getByText('已结束').first().click()
    await office.locator('.care-alert').filter({ hasText: '陈国华' }).first().click()
    await office.getByText('陈国华 的预警经过').waitFor()
    await shot(office, '5-staff01-desk-1280')
    await desk.close()
  })
})
