import { ZErrorBodySchema } from '../../types/common'
import { describeEachDb } from '../helpers/app'
import { tableCounts } from '../helpers/db'

/**
 * The shared tests/http/garbage.test.ts covers every route; this is the same idea for the time bank's
 * routes alone, so a change here is checked quickly: no 500, the error shape, nothing written.
 */
const GARBAGE: { name: string; raw?: string; body?: unknown; type?: string }[] = [
  { name: 'no body' },
  { name: 'malformed JSON', raw: '{"minutes": ', type: 'application/json' },
  { name: 'text/plain', raw: 'minutes=30', type: 'text/plain' },
  { name: 'JSON array', body: [1, 2, 3] },
  { name: 'JSON null', body: null },
  { name: 'wrong types', body: { toUserId: 5, minutes: '30', rating: 'good', location: 'here', serviceType: 7, startsAt: 1, endsAt: true, version: 'x', decision: 1, reason: [] } },
  { name: 'out of range', body: { minutes: 1e12, rating: 99, location: { lat: 500, lng: -999 }, estimateMinutes: -1, version: 0, proposedEndAt: '2026-13-45T99:00:00Z' } },
  { name: 'fractions', body: { minutes: 12.5, rating: 4.5, estimateMinutes: 30.5, serviceType: 'companionship', startsAt: '2027-01-01T01:00:00Z', endsAt: '2027-01-01T00:00:00Z' } },
  { name: 'control chars', body: { reason: 'a\u0000b', notes: '\u0000', comment: '\u202e\u0000' } },
  { name: 'huge string', body: { reason: '长'.repeat(5000), notes: 'x'.repeat(10_000), address: 'y'.repeat(5000) } },
]
const IDS = ['not-a-uuid', '00000000-0000-0000-0000-000000000000', '01900000-0000-7000-8000-000000000000']
const ALLOWED = new Set([200, 201, 400, 401, 403, 404, 409, 413, 415, 422, 429])

describeEachDb('时间银行 routes, bad input', (ctx) => {
  it('never answer 500, always in the documented error shape, and write nothing', async () => {
    const c = ctx()
    const tokens = { none: undefined, elder: await c.login('13800000004'), volunteer: await c.login('13800000002'), staff: await c.login('staff01') }
    const before = await tableCounts(c.db)
    const routes = c.app.routes.filter((r) => r.method !== 'ALL' && /\/(timebank|me\/timebank|staff\/timebank)/.test(r.path) && !r.path.endsWith('/certificates'))
    expect(routes.length).toBeGreaterThanOrEqual(17)
    let calls = 0
    for (const route of routes) {
      const paths = route.path.includes(':') ? IDS.map((id) => route.path.replace(/:[a-z]+/g, encodeURIComponent(id))) : [route.path]
      for (const path of paths) {
        for (const token of Object.values(tokens)) {
          const bodies = route.method === 'GET' ? [{ name: 'query' } as (typeof GARBAGE)[number]] : GARBAGE
          for (const g of bodies) {
            const res = await c.call(route.method, route.method === 'GET' ? `${path}?serviceType=bogus&limit=-5&cursor=${'z'.repeat(300)}&status=bogus&from=yesterday` : path, {
              token,
              headers: g.type ? { 'content-type': g.type } : {},
              ...(g.raw !== undefined ? { raw: g.raw } : 'body' in g ? { body: g.body } : {}),
            })
            const label = `${route.method} ${path} ${g.name} ${token ? 'token' : 'anon'} → ${res.status}`
            calls++
            expect({ label, ok: ALLOWED.has(res.status) }).toEqual({ label, ok: true })
            if (res.status >= 400) expect({ label, shape: ZErrorBodySchema.safeParse(res.body).success }).toEqual({ label, shape: true })
            // a write with garbage never succeeds
            if (route.method === 'POST') expect({ label, refused: res.status >= 400 }).toEqual({ label, refused: true })
          }
        }
      }
    }
    expect(calls).toBeGreaterThan(300)
    expect(await tableCounts(c.db)).toEqual(before)
  }, 240_000)
})
