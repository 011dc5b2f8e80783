import { readdirSync } from 'node:fs'
import sharp from 'sharp'
import { boundedQueue, photoQueue } from '../../cloud/platform/photo-limits'
import { describeEachDb, TEST_NOW, type TestContext } from '../helpers/app'
import { tableCounts } from '../helpers/db'

async function upload(c: TestContext, token: string, bytes: Buffer, type = 'image/png', name = 'p.png') {
  const form = new FormData()
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), name)
  const res = await c.app.request('/api/v1/uploads', { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form })
  return { status: res.status, body: (await res.json()) as any }
}

let seed = 1
const smallPng = () =>
  sharp({ create: { width: 16, height: 16, channels: 3, background: { r: seed++ % 256, g: 90, b: 200 } } })
    .png()
    .toBuffer()

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
    const huge = await sharp({ create: { width: 9000, height: 8800, channels: 3, background: '#88aa66' } })
      .png({ compressionLevel: 9 })
      .toBuffer()
    expect(huge.length).toBeLessThan(2 * 1024 * 1024)
    const before = await tableCounts(c.db)
    const files = readdirSync(c.filesDir, { recursive: true }).length
    const res = await upload(c, t['13800000001'], huge)
    expect(res.status).toBe(422)
    expect(res.body.error.code).toBe('IMAGE_TOO_MANY_PIXELS')
    expect(res.body.error.message).toMatch(/像素/)
    expect(res.body.error.details).toMatchObject({ maxPixels: 40_000_000, pixels: 79_200_000 })
    expect(await tableCounts(c.db)).toEqual(before)
    expect(readdirSync(c.filesDir, { recursive: true }).length).toBe(files)
  })

  it('photos: an iPhone HEIC is refused plainly (415, says HEIC), nothing stored', async () => {
    const c = ctx()
    // the first bytes of every iPhone .heic: an ISO-BMFF ftyp box with the brand "heic"
    const ftyp = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic'), Buffer.from([0, 0, 0, 0]), Buffer.from('mif1heic')])
    const heic = Buffer.concat([ftyp, Buffer.alloc(4096, 7)])
    const before = await tableCounts(c.db)
    const res = await upload(c, t['13800000001'], heic, 'image/heic', 'IMG_0001.HEIC')
    expect(res.status).toBe(415)
    expect(res.body.error.code).toBe('HEIC_NOT_SUPPORTED')
    expect(res.body.error.message).toContain('HEIC')
    expect(await tableCounts(c.db)).toEqual(before)
  })

  it('photos: a burst of uploads is decoded at most 2 at a time, and every one is answered', async () => {
    const c = ctx()
    photoQueue.resetPeak()
    const photos = await Promise.all(
      Array.from({ length: 8 }, () =>
        sharp({ create: { width: 1600, height: 1200, channels: 3, background: { r: seed++ % 256, g: 30, b: 99 } } })
          .jpeg()
          .toBuffer(),
      ),
    )
    const results = await Promise.all(photos.map((p) => upload(c, t['13800000002'], p, 'image/jpeg', 'p.jpg')))
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(201))
    expect(photoQueue.stats().peak).toBeLessThanOrEqual(2)
    expect(photoQueue.stats()).toMatchObject({ active: 0, waiting: 0 })
  })
})

describeEachDb('accepted but wrong: dates, places, invisible characters, goods photos', (ctx) => {
  beforeEach(() => ctx().clock.set(TEST_NOW))
  const inHours = (h: number) => new Date(new Date(TEST_NOW).getTime() + h * 3600_000).toISOString()
  const request = (over: Record<string, unknown>) => ({ serviceType: 'companionship', startsAt: inHours(3), endsAt: inHours(5), estimateMinutes: 60, notes: '请按门铃', ...over })

  it('time bank requests: within 90 days ahead, a window of at most 7 days, a place inside the street; refusals write nothing', async () => {
    const c = ctx()
    const zhao = await c.login('13800000004')
    const before = await tableCounts(c.db)
    const post = (body: unknown) => c.call('POST', '/api/v1/timebank/requests', { token: zhao, body })
    const endless = await post(request({ endsAt: '9999-12-31T00:00:00Z' }))
    expect([endless.status, endless.body.error.code, endless.body.error.details.fields.endsAt]).toEqual([400, 'INVALID_INPUT', '服务时段不能超过 7 天'])
    const farAhead = await post(request({ startsAt: inHours(24 * 91), endsAt: inHours(24 * 91 + 2) }))
    expect([farAhead.status, farAhead.body.error.details.fields.startsAt]).toEqual([400, '服务时间最远可约 90 天以内'])
    const nowhere = await post(request({ location: { lat: 0, lng: -1 } }))
    expect([nowhere.status, nowhere.body.error.code]).toEqual([422, 'OUTSIDE_STREET'])
    const bidi = await post(request({ address: '东湖路 1 号\u202E楼2' }))
    expect(bidi.status).toBe(400)
    expect(await tableCounts(c.db)).toEqual(before)
    // the sensible ones still go through: 89 days ahead, a pin just outside the drawn box, notes on two lines
    expect((await post(request({ startsAt: inHours(24 * 89), endsAt: inHours(24 * 89 + 2), location: { lat: 31.2152, lng: 121.433 }, notes: '耳背\n请大声敲门' }))).status).toBe(201)
  })

  it('names: bidi controls and zero-width characters are refused with a Chinese message (residents, elders, goods)', async () => {
    const c = ctx()
    const resident = await c.login('13800000001')
    const staff = await c.login('staff01')
    const before = await tableCounts(c.db)
    for (const name of ['王\u202E芳', '王\u200B芳', '\u2066王芳\u2069', '王芳\u200F', '王\uFEFF芳', '王\u0007芳']) {
      const me = await c.call('PATCH', '/api/v1/me', { token: resident, body: { name } })
      expect([name, me.status]).toEqual([name, 400])
      expect(me.body.error.message).toContain('看不见的控制字符')
    }
    const donghu = (await c.db.kysely.selectFrom('org_units').select('id').where('name', '=', '东湖社区').executeTakeFirstOrThrow()).id
    const elder = await c.call('POST', '/api/v1/staff/elders', {
      token: staff,
      body: { name: '陈\u202E华国', idNumber: '310101194801011234', birthDate: '1948-01-01', address: '东湖路 3 号', communityId: donghu },
    })
    expect([elder.status, elder.body.error.details.fields.name]).toEqual([400, expect.stringContaining('看不见的控制字符')])
    const goods = await c.call('POST', '/api/v1/staff/points/goods', { token: staff, body: { communityId: donghu, name: '洗衣液\u200D2kg', price: 30, stock: 5 } })
    expect(goods.status).toBe(400)
    expect(await tableCounts(c.db)).toEqual(before)
    expect((await c.call('PATCH', '/api/v1/me', { token: resident, body: { name: '王芳' } })).status).toBe(200)
  })

  it('goods photoUrl: only an upload key; paths and URLs of any scheme are 400, an unknown key 422', async () => {
    const c = ctx()
    const staff = await c.login('staff01')
    const donghu = (await c.db.kysely.selectFrom('org_units').select('id').where('name', '=', '东湖社区').executeTakeFirstOrThrow()).id
    const save = (photoUrl: unknown) => c.call('POST', '/api/v1/staff/points/goods', { token: staff, body: { communityId: donghu, name: '洗衣液 2kg', price: 30, stock: 5, photoUrl } })
    const before = await tableCounts(c.db)
    for (const bad of [
      '../../etc/passwd',
      'https://evil.example/a.jpg',
      'javascript:alert(1)',
      'file:///etc/passwd',
      'data:image/png;base64,AAAA',
      '/files/photos/../../secrets.json',
      'photos/abc.jpg',
    ]) {
      const res = await save(bad)
      expect([bad, res.status, res.body.error.code]).toEqual([bad, 400, 'INVALID_INPUT'])
    }
    const unknown = await save(`photos/${'a'.repeat(64)}.jpg`)
    expect([unknown.status, unknown.body.error.code]).toEqual([422, 'UPLOAD_NOT_FOUND'])
    expect(await tableCounts(c.db)).toEqual(before)
    const photo = await upload(c, staff, await smallPng())
    const ok = await save(photo.body.key)
    expect(ok.status).toBe(201)
    expect(ok.body).toMatchObject({ photoKey: photo.body.key, photoUrl: photo.body.url })
    expect((await save(null)).status).toBe(201)
  })
})

describe('bounded queue', () => {
  it('runs at most `size` tasks at once; the rest start in order as slots free up, also after a failure', async () => {
    const q = boundedQueue(2)
    const started: number[] = []
    const gates: (() => void)[] = []
    const task = (i: number, fail = false) =>
      q.run(async () => {
        started.push(i)
        await new Promise<void>((resolve) => gates.push(resolve))
        if (fail) throw new Error('boom')
        return i
      })
    const runs = [task(1, true), task(2), task(3), task(4)]
    await new Promise((r) => setImmediate(r))
    expect(started).toEqual([1, 2])
    expect(q.stats()).toEqual({ active: 2, waiting: 2, peak: 2 })
    gates[0]() // 1 fails: its slot still goes to 3
    await expect(runs[0]).rejects.toThrow('boom')
    await new Promise((r) => setImmediate(r))
    expect(started).toEqual([1, 2, 3])
    gates[1]()
    gates[2]()
    await new Promise((r) => setImmediate(r))
    expect(started).toEqual([1, 2, 3, 4])
    gates[3]()
    expect(await Promise.all(runs.slice(1))).toEqual([2, 3, 4])
    expect(q.stats()).toEqual({ active: 0, waiting: 0, peak: 2 })
  })
})
