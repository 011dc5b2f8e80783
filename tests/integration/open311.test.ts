import { describeEachDb, TEST_NOW } from '../helpers/app'
import { tableCounts } from '../helpers/db'
import { demoGridCentre } from '../../cloud/reports/reports.seed'

const AT = demoGridCentre('高安社区', '第一网格')
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString()

describeEachDb('Open311 GeoReport v2', (ctx) => {
  const get = async (path: string) => {
    const res = await ctx().app.request(`/open311/v2/${path}`)
    return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() }
  }
  const post = async (path: string, fields: Record<string, string>, type = 'application/x-www-form-urlencoded') => {
    const res = await ctx().app.request(`/open311/v2/${path}`, { method: 'POST', headers: { 'content-type': type }, body: form(fields) })
    return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() }
  }

  it('discovery and services (one per category) in JSON and XML; a service definition; unknown code 404', async () => {
    const d = await get('discovery.json')
    expect(JSON.parse(d.text).endpoints[0].formats).toEqual(['application/json', 'text/xml'])
    const services = JSON.parse((await get('services.json')).text)
    expect(services).toHaveLength(10)
    expect(services[0]).toMatchObject({ service_code: 'sanitation', service_name: '环境卫生', metadata: false, type: 'realtime' })
    const xml = await get('services.xml')
    expect(xml.type).toContain('text/xml')
    expect(xml.text).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?><services><service><service_code>sanitation<\/service_code><service_name>环境卫生<\/service_name>/)
    expect(JSON.parse((await get('services/noise.json')).text)).toEqual({ service_code: 'noise', attributes: [] })
    const missing = await get('services/nope.xml')
    expect([missing.status, missing.text]).toEqual([
      404,
      '<?xml version="1.0" encoding="utf-8"?><errors><error><code>404</code><description>service_code nope not found</description></error></errors>',
    ])
    expect((await get('services.csv')).status).toBe(404)
  })

  it('POST requests needs a valid api_key (403), good fields (400), and creates a report; GET finds it by id, code, status and dates', async () => {
    const before = await tableCounts(ctx().db)
    const noKey = await post('requests.json', { service_code: 'noise', lat: String(AT.lat), long: String(AT.lng), description: '深夜施工噪音很大' })
    expect(noKey.status).toBe(400)
    expect(JSON.parse(noKey.text)[0].code).toBe(400)
    const badKey = await post('requests.json', { api_key: 'wrong', service_code: 'noise', lat: String(AT.lat), long: String(AT.lng), description: '深夜施工噪音很大' })
    expect([badKey.status, JSON.parse(badKey.text)[0].code]).toEqual([403, 403])
    const noPlace = await post('requests.json', { api_key: 'demo-open311-key', service_code: 'noise', description: '深夜施工噪音很大' })
    expect(noPlace.status).toBe(400)
    const badCode = await post('requests.json', { api_key: 'demo-open311-key', service_code: 'potholes', lat: String(AT.lat), long: String(AT.lng), description: '深夜施工噪音很大' })
    expect(badCode.status).toBe(400)
    const json = await ctx().app.request('/open311/v2/requests.json', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
    expect(json.status).toBe(400)
    expect(await tableCounts(ctx().db)).toEqual(before)

    const created = await post('requests.json', {
      api_key: 'demo-open311-key',
      service_code: 'noise',
      lat: String(AT.lat),
      long: String(AT.lng),
      description: '深夜施工噪音很大',
      media_url: 'https://example.org/p.jpg',
    })
    expect(created.status).toBe(201)
    const [{ service_request_id: id }] = JSON.parse(created.text)
    expect(id).toMatch(/^SSP-20261127-\d{4}$/)
    const byAddress = await post('requests.xml', { api_key: 'demo-open311-key', service_code: 'sanitation', address_string: '永嘉路 30 号门口', description: '垃圾桶倒了没人扶' })
    expect(byAddress.status).toBe(201)
    expect(byAddress.text).toContain('<service_requests><request><service_request_id>SSP-')

    const one = JSON.parse((await get(`requests/${id}.json`)).text)
    expect(one).toHaveLength(1)
    expect(one[0]).toMatchObject({ service_request_id: id, status: 'open', service_code: 'noise', agency_responsible: '高安社区第一网格', address: '天平街道高安社区' })
    expect(JSON.stringify(one)).not.toContain('开放接口')
    expect((await get('requests/SSP-00000000-0000.json')).status).toBe(404)
    const noise = JSON.parse((await get('requests.json?service_code=noise&status=open')).text)
    expect(noise.map((r: { service_request_id: string }) => r.service_request_id)).toContain(id)
    expect(noise.every((r: { service_code: string; status: string }) => r.service_code === 'noise' && r.status === 'open')).toBe(true)
    const closed = JSON.parse((await get('requests.json?status=closed')).text)
    expect(closed.every((r: { status: string }) => r.status === 'closed')).toBe(true)
    expect(closed.map((r: { service_request_id: string }) => r.service_request_id)).not.toContain(id)
    const later = JSON.parse((await get(`requests.json?start_date=${encodeURIComponent(new Date(new Date(TEST_NOW).getTime() + 60_000).toISOString())}`)).text)
    expect(later).toEqual([])
    expect((await get('requests.json?start_date=yesterday')).status).toBe(400)
    const xml = await get(`requests.xml?service_request_id=${id}`)
    expect(xml.text).toContain(`<service_request_id>${id}</service_request_id><status>open</status>`)
  })

  it('the demo key works only in demo mode', async () => {
    const { createTestContext } = await import('../helpers/app')
    const prod = await createTestContext(ctx().kind, { demoMode: false })
    try {
      const res = await prod.app.request('/open311/v2/requests.json', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form({ api_key: 'demo-open311-key', service_code: 'noise', lat: String(AT.lat), long: String(AT.lng), description: '深夜施工噪音很大' }),
      })
      expect(res.status).toBe(403)
    } finally {
      await prod.close()
    }
  })
})
