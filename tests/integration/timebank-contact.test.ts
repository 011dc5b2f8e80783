import { describeEachDb, TEST_NOW } from '../helpers/app'
import { addPerson, newRequest, userId } from './timebank-helpers'

describeEachDb('时间银行: 联系对方 — the accepted volunteer, on tap, audited', (ctx) => {
  beforeEach(() => ctx().clock.set(new Date(new Date(TEST_NOW).getTime() + 9 * 86_400_000)))

  it("the daughter's number to the volunteer who accepted, never before, never to others; every look audited", async () => {
    const c = ctx()
    await addPerson(c, { name: '周敏', phone: '13900000021', birthDate: '1995-01-01', volunteer: true })
    const daughter = await c.login('13800000003')
    const li = await c.login('13800000002')
    const zhou = await c.login('13900000021')
    const father = await userId(c, '陈国华')
    const req = await newRequest(c, daughter, { elderId: father })
    const audits = () => c.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'timebank.contact_viewed').execute()

    // before acceptance: nobody gets it, and the open list carries no number
    const early = await c.call('POST', `/api/v1/timebank/requests/${req.id}/contact`, { token: li })
    expect(early.status).toBe(404)
    expect(early.body.error.code).toBe('SERVICE_REQUEST_NOT_FOUND')
    expect(JSON.stringify((await c.call('GET', '/api/v1/timebank/requests', { token: li })).body)).not.toContain('13800000003')

    expect((await c.call('POST', `/api/v1/timebank/requests/${req.id}/accept`, { token: li, body: {} })).status).toBe(200)
    const shown = await c.call('POST', `/api/v1/timebank/requests/${req.id}/contact`, { token: li })
    // 陈国华 has no phone of his own: his daughter, who asked, is the one to call
    expect(shown).toEqual({ status: 200, body: { contacts: [{ name: '陈静', relation: '请求人', phone: '13800000003' }] } })
    // the request as the volunteer reads it still shows no number (only the tap does)
    expect(JSON.stringify((await c.call('GET', `/api/v1/me/timebank/requests?role=serving`, { token: li })).body)).not.toContain('13800000003')

    // another volunteer, the daughter herself, a stranger: the request does not exist for them
    for (const token of [zhou, daughter, await c.login('13800000001'), await c.login('staff01')]) {
      const res = await c.call('POST', `/api/v1/timebank/requests/${req.id}/contact`, { token })
      expect(res.status).toBe(404)
    }
    const rows = await audits()
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ actor_id: await userId(c, '13800000002'), subject_id: father })
    expect(rows[0].details).toMatchObject({ requestId: req.id, shown: ['请求人'] })

    // after the request is cancelled the number is no longer given
    const cancel = await c.call('POST', `/api/v1/timebank/requests/${req.id}/cancel`, { token: daughter, body: { reason: '改天再约' } })
    expect(cancel.status).toBe(200)
    const late = await c.call('POST', `/api/v1/timebank/requests/${req.id}/contact`, { token: li })
    expect(late.status).toBe(409)
    expect(late.body.error.message).toContain('已经结束')
    expect(await audits()).toHaveLength(1)
  })

  it('an elder who asked for herself: her own number, named 老人本人', async () => {
    const c = ctx()
    const zhao = await c.login('13800000004')
    const li = await c.login('13800000002')
    const req = await newRequest(c, zhao)
    await c.call('POST', `/api/v1/timebank/requests/${req.id}/accept`, { token: li, body: {} })
    const shown = await c.call('POST', `/api/v1/timebank/requests/${req.id}/contact`, { token: li })
    expect(shown.status).toBe(200)
    expect(shown.body.contacts).toEqual([{ name: '赵秀英', relation: '老人本人', phone: '13800000004' }])
  })
})
