import { describeEachDb, TEST_NOW, type TestContext } from '../helpers/app'
import { tick } from '../../cloud/app'
import { publish } from '../../cloud/platform/notices'
import { newId } from '../../cloud/platform/ids'
import { onTimebankServiceConfirmed, pointsForMinutes } from '../../cloud/points/on-timebank-service-confirmed'
import { communityId, ledgerProblems, makeResidents } from './points-helpers'
import { newRequest, serve } from './timebank-helpers'

/** 时间银行 → 积分: a confirmed service earns the community's volunteer_service rule, per hour served. */
async function volunteerRule(c: TestContext, community: string) {
  return c.db.kysely.selectFrom('points_rules').selectAll().where('community_id', '=', community).where('kind', '=', 'volunteer_service').executeTakeFirstOrThrow()
}
async function earningsOf(c: TestContext, serviceId: string) {
  return c.db.kysely.selectFrom('points_earnings').selectAll().where('source_type', '=', 'timebank').where('source_id', '=', serviceId).execute()
}
async function available(c: TestContext, community: string, userId: string): Promise<number> {
  const row = await c.db.kysely.selectFrom('points_accounts').select('available').where('community_id', '=', community).where('user_id', '=', userId).executeTakeFirst()
  return Number(row?.available ?? 0)
}

describeEachDb('积分制: points for time-bank service', (ctx) => {
  it('points are per hour served, pro rata, at least 1', () => {
    expect(pointsForMinutes(10, 60)).toBe(10)
    expect(pointsForMinutes(10, 90)).toBe(15)
    expect(pointsForMinutes(10, 30)).toBe(5)
    expect(pointsForMinutes(10, 1)).toBe(1)
    expect(pointsForMinutes(10, 0)).toBe(0)
  })

  it("'timebank.service_confirmed' delivered twice (and again later) credits once, through tick", async () => {
    const c = ctx()
    const donghu = await communityId(c)
    const [volunteer] = await makeResidents(c, 1, donghu)
    const rule = await volunteerRule(c, donghu)
    expect(rule).toMatchObject({ points: 10, needs_review: true }) // the demo rule: applications wait for staff
    const serviceId = newId()
    const payload = { serviceId, volunteerId: volunteer.id, communityId: donghu, minutes: 90 }
    await publish(c.db.kysely, c.clock.now(), 'timebank.service_confirmed', payload)
    await publish(c.db.kysely, c.clock.now(), 'timebank.service_confirmed', payload)
    const result = await tick(c.deps, c.clock.now())
    expect(result.outboxDelivered).toBeGreaterThanOrEqual(2)
    await publish(c.db.kysely, c.clock.now(), 'timebank.service_confirmed', payload)
    await tick(c.deps, c.clock.now())
    const earnings = await earningsOf(c, serviceId)
    // the elder's confirmation is the check: credited at once, not queued for review
    expect(earnings).toHaveLength(1)
    expect(earnings[0]).toMatchObject({ status: 'credited', points: 15, user_id: volunteer.id, rule_id: rule.id })
    expect(await available(c, donghu, volunteer.id)).toBe(15)
    const history = await c.call('GET', '/api/v1/me/points/history', { token: volunteer.token })
    expect(history.body.items[0]).toMatchObject({ kind: 'earn', points: 15, memo: '志愿服务' })
    const left = await c.db.kysely.selectFrom('outbox').select('id').where('topic', '=', 'timebank.service_confirmed').where('delivered_at', 'is', null).execute()
    expect(left).toHaveLength(0)
    expect(await ledgerProblems(c)).toEqual([])
  })

  it('the same service delivered 12 times at once credits once', async () => {
    const c = ctx()
    const donghu = await communityId(c)
    const [volunteer] = await makeResidents(c, 1, donghu)
    const serviceId = newId()
    const payload = { serviceId, volunteerId: volunteer.id, communityId: donghu, minutes: 60 }
    await Promise.all(Array.from({ length: 12 }, () => onTimebankServiceConfirmed({ db: c.db.kysely, now: c.clock.now(), payload })))
    expect(await earningsOf(c, serviceId)).toHaveLength(1)
    expect(await available(c, donghu, volunteer.id)).toBe(10)
    // the deliveries that lost the race gave back what they took from the monthly cap
    const counters = await c.db.kysely.selectFrom('points_cap_counters').select(['period', 'points']).where('user_id', '=', volunteer.id).execute()
    expect(counters).toEqual([{ period: expect.stringMatching(/^M:/), points: 10 }])
    expect(await ledgerProblems(c)).toEqual([])
  })

  it("the rule's monthly cap applies: a long service is credited up to the cap, with the reason", async () => {
    const c = ctx()
    const donghu = await communityId(c)
    const [volunteer] = await makeResidents(c, 1, donghu)
    const first = newId()
    const second = newId()
    // 12 hours → 120 points, but the demo rule allows 100 a month
    await onTimebankServiceConfirmed({ db: c.db.kysely, now: c.clock.now(), payload: { serviceId: first, volunteerId: volunteer.id, communityId: donghu, minutes: 720 } })
    await onTimebankServiceConfirmed({ db: c.db.kysely, now: c.clock.now(), payload: { serviceId: second, volunteerId: volunteer.id, communityId: donghu, minutes: 60 } })
    const [a] = await earningsOf(c, first)
    const [b] = await earningsOf(c, second)
    expect(a).toMatchObject({ status: 'credited', points: 100 })
    expect(a.reason).toContain('本月')
    expect(b).toMatchObject({ status: 'capped', points: 0 })
    expect(b.reason).toContain('已达本月积分上限')
    expect(await available(c, donghu, volunteer.id)).toBe(100)
    expect(await ledgerProblems(c)).toEqual([])
  })

  it('no active volunteer_service rule, no minutes, or a malformed event: delivered, nothing written', async () => {
    const c = ctx()
    const donghu = await communityId(c)
    const [volunteer] = await makeResidents(c, 1, donghu)
    const other = (await c.db.kysely.selectFrom('org_units').select('id').where('kind', '=', 'community').where('id', '<>', donghu).executeTakeFirstOrThrow()).id
    const before = await c.db.kysely
      .selectFrom('points_earnings')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    await publish(c.db.kysely, c.clock.now(), 'timebank.service_confirmed', { serviceId: newId(), volunteerId: volunteer.id, communityId: other, minutes: 60 })
    await publish(c.db.kysely, c.clock.now(), 'timebank.service_confirmed', { serviceId: newId(), volunteerId: volunteer.id, communityId: donghu, minutes: 0 })
    await publish(c.db.kysely, c.clock.now(), 'timebank.service_confirmed', { serviceId: newId(), volunteerId: 'not-a-uuid', communityId: donghu, minutes: -5 })
    await tick(c.deps, c.clock.now())
    const after = await c.db.kysely
      .selectFrom('points_earnings')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    expect(Number(after.n)).toBe(Number(before.n))
    const left = await c.db.kysely.selectFrom('outbox').select('id').where('topic', '=', 'timebank.service_confirmed').where('delivered_at', 'is', null).execute()
    expect(left).toHaveLength(0)
  })
})

describeEachDb('积分制: a real 时间银行 confirmation earns points', (ctx) => {
  it('赵秀英 asks for help, 李强 serves 67 minutes (65 credited), she confirms; tick credits 11 points once', async () => {
    const c = ctx()
    try {
      const zhao = await c.login('13800000004')
      const li = await c.login('13800000002')
      const liId = (await c.db.kysely.selectFrom('users').select('id').where('phone', '=', '13800000002').executeTakeFirstOrThrow()).id
      const donghu = await communityId(c)
      const before = await available(c, donghu, liId)
      const req = await newRequest(c, zhao)
      await serve(c, li, req.id, 67)
      const ok = await c.call('POST', `/api/v1/timebank/requests/${req.id}/confirm`, { token: zhao, body: { rating: 5 } })
      expect(ok.body).toMatchObject({ status: 'confirmed', creditedMinutes: 65 })
      await tick(c.deps, c.clock.now())
      await tick(c.deps, c.clock.now())
      const earnings = await earningsOf(c, req.id)
      // 10 points an hour: 65 minutes → 10.8 → 11
      expect(earnings).toEqual([expect.objectContaining({ status: 'credited', points: 11, user_id: liId })])
      // the demo's own confirmed services were waiting in the outbox too: each credits once
      const all = await c.db.kysely.selectFrom('points_earnings').select('points').where('user_id', '=', liId).where('source_type', '=', 'timebank').execute()
      expect(all.length).toBeGreaterThanOrEqual(1)
      expect(await available(c, donghu, liId)).toBe(before + all.reduce((sum, e) => sum + e.points, 0))
      await tick(c.deps, c.clock.now())
      expect(await c.db.kysely.selectFrom('points_earnings').select('id').where('user_id', '=', liId).where('source_type', '=', 'timebank').execute()).toHaveLength(all.length)
      expect(await ledgerProblems(c)).toEqual([])
    } finally {
      c.clock.set(TEST_NOW)
    }
  })
})
