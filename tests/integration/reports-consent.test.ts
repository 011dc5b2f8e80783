import { describeEachDb, TEST_NOW, type TestContext } from '../helpers/app'
import { tableCounts } from '../helpers/db'
import { jpegWithGps } from '../fixtures/reports/photos'
import { POLICY_DOCUMENTS } from '../../cloud/accounts/policies'
import { demoGridCentre } from '../../cloud/reports/reports.seed'

const DONGHU_1 = demoGridCentre('东湖社区', '第一网格')

let seed = 7000
async function photo(c: TestContext, token: string) {
  const form = new FormData()
  form.append('file', new Blob([new Uint8Array(await jpegWithGps({ seed: seed++ }))], { type: 'image/jpeg' }), 'p.jpg')
  return ((await (await c.app.request('/api/v1/uploads', { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form })).json()) as { key: string }).key
}

describeEachDb('随手拍 location consent', (ctx) => {
  it('the phone position needs the location consent (403, nothing written); a typed address or a map pin does not; withdrawing stops it again', async () => {
    const c = ctx()
    c.clock.set(TEST_NOW)
    const token = await c.login('13800000002')
    const body = async (over: Record<string, unknown>) => ({
      category: 'municipal',
      description: '路灯坏了好几天，晚上很黑',
      lat: DONGHU_1.lat,
      lng: DONGHU_1.lng,
      photoKeys: [await photo(c, token)],
      anonymous: true,
      ...over,
    })
    const first = await body({ locationSource: 'device' })
    const before = await tableCounts(c.db)
    const refused = await c.call('POST', '/api/v1/reports', { token, body: first })
    expect(refused.status).toBe(403)
    expect(refused.body.error).toMatchObject({ code: 'LOCATION_CONSENT_REQUIRED', details: { kind: 'location' } })
    expect(refused.body.error.message).toContain('手动填写地址')
    expect(await tableCounts(c.db)).toEqual(before)

    // a typed address needs no consent, but it needs the address
    const noAddress = await c.call('POST', '/api/v1/reports', { token, body: await body({ locationSource: 'address' }) })
    expect(noAddress.status).toBe(400)
    expect(noAddress.body.error.details.fields).toHaveProperty('address')
    expect((await c.call('POST', '/api/v1/reports', { token, body: await body({ locationSource: 'address', address: '东湖路 33 弄门口' }) })).status).toBe(201)
    expect((await c.call('POST', '/api/v1/reports', { token, body: await body({ locationSource: 'map' }) })).status).toBe(201)

    const consent = await c.call('POST', '/api/v1/me/consents', { token, body: { kind: 'location', version: POLICY_DOCUMENTS.location.version } })
    expect(consent.status).toBe(200)
    expect((await c.call('POST', '/api/v1/reports', { token, body: await body({ locationSource: 'device' }) })).status).toBe(201)

    expect((await c.call('DELETE', '/api/v1/me/consents/location', { token })).status).toBeLessThan(300)
    expect((await c.call('POST', '/api/v1/reports', { token, body: await body({ locationSource: 'device' }) })).status).toBe(403)
  })
})
