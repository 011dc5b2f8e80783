import { acceptPrivacyIfAsked, fill, phonePage } from './browser'
import { describeH5 } from './suite'

describeH5('H5: community staff open the 工作台', (env) => {
  test('staff01 signs in with a password, sees the 工作台 entry and the pending family-link list', async () => {
    const page = await phonePage(env().browser)
    await page.goto(env().server.url + '/pages/login/index')
    await page.getByText('手机号登录').first().waitFor()
    await page.locator('.login-switch').click()
    await page.getByText('工作人员登录').first().waitFor()
    await fill(page, '工作人员账号', 'staff01')
    await fill(page, '密码', 'demo1234')
    await page.locator('.login-submit').click()

    // staff land on 工作台 (not the resident's 我的)
    await acceptPrivacyIfAsked(page, '工作台')
    await page.locator('.staff-home').waitFor()

    await page.getByText('待确认的亲情绑定').waitFor()
    // Either the empty state or at least one request with the counter confirmation button.
    await page.getByText('没有待确认的绑定申请').or(page.getByText('老人本人在场，确认绑定').first()).first().waitFor()
    await page.getByText('登记老人（无手机）').waitFor()

    // 陈国华 was registered at the counter (no phone): find him and print a bind code for his daughter.
    await fill(page, '姓名或身份证号', '陈国华')
    await page.getByText('查找', { exact: true }).click()
    const card = page.locator('.staff-elder').filter({ hasText: '陈国华' }).first()
    await card.waitFor()
    await card.getByText('生成绑定码').click()
    await card.locator('.lp-code').waitFor()
    expect(await card.locator('.lp-code').innerText()).toMatch(/^\d{12}$/)
    const qr = card.locator('.lp-qr img, img.lp-qr').first()
    await qr.waitFor()
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/)
  })
})
