import { describeEachDb } from '../helpers/app'
import { shanghaiTime } from '../../cloud/platform/clock'

const at = (day: string, time: string) => shanghaiTime(day, time)
const overlaps = (a: { s: number; e: number }, b: { s: number; e: number }) => a.s < b.e && b.s < a.e

/**
 * The concurrency proofs (they mean most on PostgreSQL, where the requests really run at once;
 * PGlite serialises them): one room never holds two overlapping bookings, every refusal names a
 * booking that really clashes, and an equipment count never goes below zero.
 */
describeEachDb('资源共享 concurrency', (ctx) => {
  const tokens: string[] = []
  const ids: Record<string, string> = {}
  beforeAll(async () => {
    for (const who of ['13800000019', '13800000001', '13800000002', '13800000004']) tokens.push(await ctx().login(who))
    for (const r of await ctx().db.kysely.selectFrom('resources').select(['id', 'name']).execute()) ids[r.name] = r.id
  })

  test('200 concurrent bookings of overlapping ranges of one room: no overlap, every refusal names its clash', async () => {
    const base = at('2026-12-02', '09:00').getTime()
    const requests = Array.from({ length: 200 }, (_, i) => ({ s: base + i * 60_000, e: base + i * 60_000 + 60 * 60_000 }))
    const answers = await Promise.all(
      requests.map((r, i) =>
        ctx().call('POST', `/api/v1/resources/${ids['东湖二楼活动室']}/bookings`, {
          token: tokens[i % tokens.length],
          body: { startsAt: new Date(r.s).toISOString(), endsAt: new Date(r.e).toISOString() },
        }),
      ),
    )
    const rows = await ctx()
      .db.kysely.selectFrom('resource_bookings')
      .select(['starts_at', 'ends_at'])
      .where('resource_id', '=', ids['东湖二楼活动室'])
      .where('status', 'in', ['pending', 'approved', 'checked_in'])
      .execute()
    const held = rows.map((r) => ({ s: r.starts_at.getTime(), e: r.ends_at.getTime() }))
    for (let i = 0; i < held.length; i++) for (let j = i + 1; j < held.length; j++) expect(overlaps(held[i], held[j])).toBe(false)
    const ok = answers.filter((a) => a.status === 201)
    const refused = answers.filter((a) => a.status !== 201)
    expect(ok.length).toBe(held.length)
    expect(ok.length).toBeGreaterThanOrEqual(3) // 200 minutes of one-hour ranges hold at least three
    expect(ok.length + refused.length).toBe(200)
    answers.forEach((a, i) => {
      if (a.status === 201) return
      expect(a.status).toBe(409)
      expect(a.body.error.code).toBe('RESOURCE_TAKEN')
      const clashes = a.body.error.details.clashes as { week: number; taken: { startsAt: string; endsAt: string }[] }[]
      expect(clashes).toHaveLength(1)
      expect(clashes[0].taken.length).toBeGreaterThan(0)
      for (const t of clashes[0].taken) {
        const range = { s: Date.parse(t.startsAt), e: Date.parse(t.endsAt) }
        expect(overlaps(range, requests[i])).toBe(true)
        expect(held).toContainEqual(range)
      }
    })
  })

  test('equipment never goes below zero under concurrency', async () => {
    const id = ids['折叠桌椅（套）'] // 10 sets
    const day = at('2026-12-03', '09:00').getTime()
    // 120 requests of 1–3 sets over staggered ranges of the day
    const requests = Array.from({ length: 120 }, (_, i) => ({ s: day + (i % 12) * 30 * 60_000, e: day + (i % 12) * 30 * 60_000 + 90 * 60_000, q: (i % 3) + 1 }))
    const answers = await Promise.all(
      requests.map((r, i) =>
        ctx().call('POST', `/api/v1/resources/${id}/bookings`, {
          token: tokens[i % tokens.length],
          body: { startsAt: new Date(r.s).toISOString(), endsAt: new Date(r.e).toISOString(), quantity: r.q },
        }),
      ),
    )
    expect(answers.every((a) => a.status === 201 || (a.status === 409 && a.body.error.code === 'RESOURCE_TAKEN'))).toBe(true)
    const rows = await ctx()
      .db.kysely.selectFrom('resource_bookings')
      .select(['starts_at', 'ends_at', 'quantity'])
      .where('resource_id', '=', id)
      .where('status', 'in', ['pending', 'approved'])
      .execute()
    expect(rows.length).toBe(answers.filter((a) => a.status === 201).length)
    // the busiest instant: usage changes only where a booking starts
    let peak = 0
    for (const p of rows.map((r) => r.starts_at.getTime())) {
      peak = Math.max(
        peak,
        rows.filter((r) => r.starts_at.getTime() <= p && p < r.ends_at.getTime()).reduce((n, r) => n + r.quantity, 0),
      )
    }
    expect(peak).toBeLessThanOrEqual(10)
    expect(peak).toBeGreaterThanOrEqual(8) // the sets were really lent, not refused wholesale
    // one range, 40 racing for single sets: exactly the ten
    const late = at('2026-12-04', '09:00').getTime()
    const race = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        ctx().call('POST', `/api/v1/resources/${id}/bookings`, {
          token: tokens[i % tokens.length],
          body: { startsAt: new Date(late).toISOString(), endsAt: new Date(late + 3_600_000).toISOString(), quantity: 1 },
        }),
      ),
    )
    expect(race.filter((a) => a.status === 201)).toHaveLength(10)
    expect(race.filter((a) => a.status === 409).every((a) => a.body.error.details.clashes[0].available === 0)).toBe(true)
  })
})
