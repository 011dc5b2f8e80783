import { createHarness } from './harness'

test('probe', async () => {
  const h = createHarness()
  const page = await h.loadPage('pages/login/index')
  await page.waitForText('手机号')
  console.log(page.text())
  console.log(page.root().outerHTML.slice(0, 2000))
})
