import { fill, loginByPhone, phonePage } from './browser'
import { describeH5 } from './suite'

describeH5('H5: 亲情账户 — a family member asks, the elder agrees', (env) => {
  jest.setTimeout(150_000)

  test('陈静 requests a link to 赵秀英 by phone; 赵秀英 agrees in 我的; 陈静 then sees her on 首页', async () => {
    // Two people, two browsers' worth of storage.
    const member = await phonePage(env().browser)
    await loginByPhone(member, env().server.url, '13800000003')
    await member.getByText('绑定家里老人').last().click()
    await member.getByText('怎么找到老人').waitFor()
    await fill(member, '11 位手机号', '13800000004')
    await member.getByText('发出绑定申请').click()
    await member.getByText('已发出绑定申请').waitFor()
    await member.locator('.lp-tag-pending:visible').getByText('待确认').waitFor()

    const elder = await phonePage(env().browser)
    await loginByPhone(elder, env().server.url, '13800000004')
    // 赵秀英's account has 长辈模式 on: the page follows it without her touching anything.
    await elder.locator('.lp.elder').last().waitFor()
    await elder.getByText('陈静 申请与你绑定亲情账户').waitFor()
    await elder.getByText('同意', { exact: true }).click()
    await elder.locator('.me-link').getByText('已绑定').waitFor()

    await member.goto(env().server.url + '/pages/index/index')
    await member.getByText('我关注的老人').waitFor()
    await member.locator('.home-elder').getByText('赵秀英').waitFor()
  })
})
