import sharp from 'sharp'
import { describeEachDb, TEST_NOW, type TestContext } from '../helpers/app'
import { tableCounts } from '../helpers/db'

async function upload(c: TestContext, token: string, bytes: Buffer, type = 'image/png', name = 'p.png') {
  const form = new FormData()
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), name)
  const res = await c.app.request('/api/v1/uploads', { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form })
  return { status: res.status, body: (await res.json()) as any }
}

let seed = 1
const smallPng = () => sharp({ create: { width: 16, height: 16, channels: 3, background: { r: seed++ % 256, g: 90, b: 200 } } }).png().toBuffer()

describeEachDb('what the server accepts: nearby distances, photo pixels', (ctx) => {
  const t: Record<string, string> = {}
  beforeAll(async () => {
    for (const who of ['13800000001', '13800000002', '13800000004']) t[who] = await ctx().login(who)
  })
  beforeEach(() => ctx().clock.set(TEST_NOW))

  async function submitAt(c: TestContext, token: string, at: { lat: number; lng: number }) {
    const photo = await upload(c, token, await smallPng())
    expect(photo.status).toBe(201)
    const res = await c.call('POST', '/api/v1/reports', {
      token,
      body: { category: 'municipal', description: '路灯坏了好几天了，晚上很黑', ...at, address: '乌鲁木齐中路', photoKeys: [photo.body.key], anonymous: true },
    })
    expect(res.status).toBe(201)
    return res.body.id as string
  }

  it('nearby: five queries from anywhere cannot tell two reports in one 0.001° cell apart; distances come in 50 m steps', async () => {
    const c = ctx()
    // ~100 m apart, both shown to residents at (31.209, 121.446)
    const a = { lat: 31.2086, lng: 121.4456 }
    const b = { lat: 31.2093, lng: 121.4463 }
    const idA = await submitAt(c, t['13800000001'], a)
    const idB = await submitAt(c, t['13800000004'], b)
    const from = [a, b, { lat: 31.2101, lng: 121.446 }, { lat: 31.209, lng: 121.4445 }, { lat: 31.2078, lng: 121.4472 }]
    for (const q of from) {
      const res = await c.call('GET', `/api/v1/reports/nearby?lat=${q.lat}&lng=${q.lng}&category=municipal`, { token: t['13800000002'] })
      expect(res.status).toBe(200)
      const da = res.body.items.find((i: { id: string }) => i.id === idA)?.distanceMeters
      const db = res.body.items.find((i: { id: string }) => i.id === idB)?.distanceMeters
      expect({ q, da, db }).toEqual({ q, da: db, db })
      expect(da % 50).toBe(0)
    }
    // standing on report A's exact spot tells nothing closer than the rounded position
    const onA = await c.call('GET', `/api/v1/reports/nearby?lat=${a.lat}&lng=${a.lng}&category=municipal`, { token: t['13800000002'] })
    expect(onA.body.items.find((i: { id: string }) => i.id === idA).distanceMeters).toBe(50)
  })

  it('photos: ~80 Mpx in a small PNG is refused with 422 and a Chinese message, nothing stored', async () => {
    const c = ctx()
    // 9000 × 8800 = 79.2 Mpx of one colour: a few hundred KB, gigabytes once decoded
    const huge = await sharp({ create: { width: 9000, height: 8800, channels: 3, background: '#88aa66' } }).png({ compressionLevel: 9 }).toBuffer()
    expect(huge.length).toBeLessThan(2 * 1024 * 1024)
    const before = await tableCounts(c.db)
    const res = await upload(c, t['13800000001'], huge)
    expect(res.status).toBe(422)
    expect(res.body.error.code).toBe('IMAGE_TOO_MANY_PIXELS')
    expect(res.body.error.message).toMatch(/像素/)
    expect(res.body.error.details).toMatchObject({ maxPixels: 40_000_000, pixels: 79_200_000 })
    expect(await tableCounts(c.db)).toEqual(before)
  })
})
