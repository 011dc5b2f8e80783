import { sql } from 'kysely'
import { describeEachDb, type TestContext } from '../helpers/app'
import { jpegWithGps } from '../fixtures/reports/photos'
import { demoGridCentre } from '../../cloud/reports/reports.seed'

const AT = demoGridCentre('建新社区', '第一网格')

async function newReport(c: TestContext, token: string, seed: number): Promise<string> {
  const form = new FormData()
  form.append('file', new Blob([new Uint8Array(await jpegWithGps({ seed }))], { type: 'image/jpeg' }), 'p.jpg')
  const up = (await (await c.app.request('/api/v1/uploads', { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form })).json()) as { key: string }
  const res = await c.call('POST', '/api/v1/reports', { token, body: { category: 'sanitation', description: '建新路口垃圾满溢', lat: AT.lat, lng: AT.lng, photoKeys: [up.key], anonymous: true } })
  expect(res.status).toBe(201)
  return res.body.id
}

/**
 * On PostgreSQL the 50 calls really race over a pool of 20 connections; PGlite serialises them,
 * which must give the same answer: one winner, one history.
 */
describeEachDb('随手拍 concurrent transitions', (ctx) => {
  it('50 concurrent accept / reject / merge calls on one report: exactly one wins and the history is consistent', async () => {
    const c = ctx()
    const resident = await c.login('13800000001')
    const lead = await c.login('lead01')
    const admin = await c.login('admin01')
    const target = await newReport(c, resident, 9001)
    const r = await newReport(c, resident, 9002)
    const calls = Array.from({ length: 50 }, (_, i) => {
      const token = i % 2 ? lead : admin
      if (i % 3 === 0) return c.call('POST', `/api/v1/reports/${r}/accept`, { token, body: {} })
      if (i % 3 === 1) return c.call('POST', `/api/v1/reports/${r}/reject`, { token, body: { reason: `重复上报 ${i}` } })
      return c.call('POST', `/api/v1/reports/${r}/merge`, { token, body: { targetId: target } })
    })
    const answers = await Promise.all(calls)
    const won = answers.filter((a) => a.status === 200)
    // accept, then merge (legal from accepted) may both win in turn; reject and merge end the case
    expect(won.length).toBeGreaterThanOrEqual(1)
    expect(won.length).toBeLessThanOrEqual(2)
    expect(answers.filter((a) => a.status !== 200).every((a) => a.status === 409 && ['INVALID_STATE', 'REPORT_STATE_CONFLICT'].includes(a.body.error.code))).toBe(true)
    const row = await c.db.kysely.selectFrom('reports').select(['status', 'version', 'merged_into', 'reject_reason']).where('id', '=', r).executeTakeFirstOrThrow()
    const events = await c.db.kysely.selectFrom('report_events').select(['action', 'from_status', 'to_status']).where('report_id', '=', r).orderBy('created_at').orderBy('id').execute()
    // one history: submit, then one event per winning call, each starting where the last one ended
    expect(events).toHaveLength(1 + won.length)
    expect(row.version).toBe(1 + won.length)
    for (let i = 1; i < events.length; i++) expect(events[i].from_status).toBe(events[i - 1].to_status)
    expect(events.at(-1)!.to_status).toBe(row.status)
    expect(events.filter((e) => e.action === 'accept' || e.action === 'reject').length).toBeLessThanOrEqual(1)
    expect(events.filter((e) => e.action === 'merge').length).toBeLessThanOrEqual(1)
    if (won.length === 2) expect(events.map((e) => e.action)).toEqual(['submit', 'accept', 'merge'])
    // every 409 answered after the last write names a state the history passed through
    const states = new Set(events.map((e) => e.to_status))
    expect(answers.filter((a) => a.status === 409).every((a) => states.has(a.body.error.details?.status))).toBe(true)
    const accepted = await c.db.kysely
      .selectFrom('outbox')
      .select('id')
      .where('topic', '=', 'report.accepted')
      .where(sql<boolean>`payload->>'reportId' = ${r}`)
      .execute()
    expect(accepted).toHaveLength(events.some((e) => e.action === 'accept') ? 1 : 0)
    expect(row.merged_into).toBe(row.status === 'merged' ? target : null)
    expect(row.reject_reason === null).toBe(row.status !== 'rejected')
  })

  it('20 neighbours pressing "我也遇到" at once are 20 supporters, each once', async () => {
    const c = ctx()
    const resident = await c.login('13800000001')
    const r = await newReport(c, resident, 9003)
    const tokens: string[] = []
    for (let i = 0; i < 10; i++)
      tokens.push(
        await c.login(`1370000${String(i).padStart(4, '0')}`).catch(async () => {
          const phone = `1370000${String(i).padStart(4, '0')}`
          await c.call('POST', '/api/v1/auth/sms/send', { body: { phone } })
          return (await c.call('POST', '/api/v1/auth/sms/verify', { body: { phone, code: c.sms.sent.at(-1)!.code } })).body.token as string
        }),
      )
    const answers = await Promise.all([...tokens, ...tokens].map((token) => c.call('POST', `/api/v1/reports/${r}/support`, { token, body: {} })))
    expect(answers.filter((a) => a.status === 200)).toHaveLength(10)
    expect(answers.filter((a) => a.status === 409)).toHaveLength(10)
    const row = await c.db.kysely.selectFrom('reports').select('supporters').where('id', '=', r).executeTakeFirstOrThrow()
    const n = await c.db.kysely
      .selectFrom('report_supporters')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('report_id', '=', r)
      .executeTakeFirstOrThrow()
    expect([row.supporters, Number(n.n)]).toEqual([10, 10])
  })
})
