import { describeEachDb } from '../helpers/app'
import { onReportAccepted } from '../../cloud/points/on-report-accepted'
import { earnPoints } from '../../cloud/points/earn-points'
import { newId } from '../../cloud/platform/ids'
import { communityId, give, ledgerProblems, makeGoods, makeResidents, plainRule } from './points-helpers'

/**
 * Races on the points ledger. On PostgreSQL (pool of 20) these really run in parallel; PGlite
 * serialises them, which must give the same answers.
 */
describeEachDb('积分制 under concurrency', (ctx) => {
  it('200 residents redeem an item with stock 10 at once: exactly 10 holds, no oversell', async () => {
    const c = ctx()
    const donghu = await communityId(c)
    const rule = await plainRule(c, donghu)
    const people = await makeResidents(c, 200, donghu)
    for (const p of people) await give(c, donghu, p.id, 50, rule)
    const goodsId = await makeGoods(c, donghu, { name: '热门大米', price: 40, stock: 10 })
    const answers = await Promise.all(people.map((p) => c.call('POST', '/api/v1/points/redemptions', { token: p.token, body: { goodsId } })))
    const statuses = answers.map((a) => a.status)
    expect(statuses.filter((s) => s === 201)).toHaveLength(10)
    expect(answers.filter((a) => a.status !== 201).every((a) => a.status === 409 && a.body.error.code === 'OUT_OF_STOCK')).toBe(true)
    const goods = await c.db.kysely.selectFrom('points_goods').select('stock').where('id', '=', goodsId).executeTakeFirstOrThrow()
    expect(goods.stock).toBe(0)
    const holds = await c.db.kysely.selectFrom('points_redemptions').select(['user_id']).where('goods_id', '=', goodsId).where('status', '=', 'held').execute()
    expect(holds).toHaveLength(10)
    // the 190 who lost kept every point
    const accounts = await c.db.kysely
      .selectFrom('points_accounts')
      .select(['user_id', 'available', 'held'])
      .where(
        'user_id',
        'in',
        people.map((p) => p.id),
      )
      .execute()
    const winners = new Set(holds.map((h) => h.user_id))
    for (const a of accounts) expect([Number(a.available), Number(a.held)]).toEqual(winners.has(a.user_id!) ? [10, 40] : [50, 0])
    expect(await ledgerProblems(c)).toEqual([])
  })

  it('one resident with points for 30 spends 100 times at once: exactly 30 succeed, balance never below zero', async () => {
    const c = ctx()
    const donghu = await communityId(c)
    const rule = await plainRule(c, donghu, '测试加分二')
    const [p] = await makeResidents(c, 1, donghu)
    // three credits of 10 → three lots, drawn oldest first
    for (let i = 0; i < 3; i++) await give(c, donghu, p.id, 10, rule)
    const goodsId = await makeGoods(c, donghu, { name: '一分兑换券', price: 1, stock: 1000 })
    const answers = await Promise.all(Array.from({ length: 100 }, () => c.call('POST', '/api/v1/points/redemptions', { token: p.token, body: { goodsId } })))
    expect(answers.filter((a) => a.status === 201)).toHaveLength(30)
    expect(answers.filter((a) => a.status !== 201).every((a) => a.status === 422 && a.body.error.code === 'INSUFFICIENT_POINTS')).toBe(true)
    const account = await c.db.kysely.selectFrom('points_accounts').select(['available', 'held']).where('user_id', '=', p.id).executeTakeFirstOrThrow()
    expect([Number(account.available), Number(account.held)]).toEqual([0, 30])
    const goods = await c.db.kysely.selectFrom('points_goods').select('stock').where('id', '=', goodsId).executeTakeFirstOrThrow()
    expect(goods.stock).toBe(970)
    expect(await ledgerProblems(c)).toEqual([])
  })

  it('the same report.accepted event delivered 20 times at once credits once', async () => {
    const c = ctx()
    const donghu = await communityId(c)
    const [p] = await makeResidents(c, 1, donghu)
    const payload = { reportId: 'SSP-20261127-0420', reporterId: p.id, communityId: donghu, acceptedAt: c.clock.now().toISOString() }
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => onReportAccepted({ db: c.db.kysely, now: c.clock.now(), payload })))
    expect(results.filter((r) => r.status === 'rejected')).toEqual([])
    const earnings = await c.db.kysely.selectFrom('points_earnings').select(['status', 'points', 'journal_id']).where('source_id', '=', 'SSP-20261127-0420').execute()
    expect(earnings).toEqual([{ status: 'credited', points: 5, journal_id: expect.any(String) }])
    const account = await c.db.kysely.selectFrom('points_accounts').select('available').where('user_id', '=', p.id).executeTakeFirstOrThrow()
    expect(Number(account.available)).toBe(5)
    const journals = await c.db.kysely
      .selectFrom('points_entries')
      .select('journal_id')
      .where('account_id', '=', (await c.db.kysely.selectFrom('points_accounts').select('id').where('user_id', '=', p.id).executeTakeFirstOrThrow()).id)
      .execute()
    expect(journals).toHaveLength(1)
    expect(await ledgerProblems(c)).toEqual([])
  })

  it('300 earns at once share statements (group commit); one naming nobody fails alone, every other is credited once', async () => {
    const c = ctx()
    const donghu = await communityId(c)
    const rule = await plainRule(c, donghu, '测试加分群')
    const people = await makeResidents(c, 100, donghu)
    const earn = (userId: string, sourceId: string) => earnPoints(c.db.kysely, c.clock.now(), { communityId: donghu, userId, rule, sourceType: 'seed', sourceId })
    const calls = people.flatMap((p, i) => [0, 1, 2].map((k) => earn(p.id, `group:${i}:${k}`)))
    calls.splice(150, 0, earn(newId(), 'group:nobody'))
    // a second delivery of 50 of them, in the same rush
    calls.push(...people.slice(0, 50).map((p, i) => earn(p.id, `group:${i}:0`)))
    const settled = await Promise.allSettled(calls)
    expect(settled.filter((s) => s.status === 'rejected')).toHaveLength(1)
    expect(settled[150].status).toBe('rejected')
    const answers = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []))
    expect(answers.filter((a) => a.created)).toHaveLength(300)
    expect(new Set(answers.map((a) => a.earningId)).size).toBe(300) // the repeats got the first record's id
    const accounts = await c.db.kysely
      .selectFrom('points_accounts')
      .select('available')
      .where(
        'user_id',
        'in',
        people.map((p) => p.id),
      )
      .execute()
    expect(accounts.map((a) => Number(a.available))).toEqual(people.map(() => 3)) // three events of one point each
    expect(await ledgerProblems(c)).toEqual([])
  })

  it('核销, cancel and a second 核销 racing on one hold: exactly one closes it', async () => {
    const c = ctx()
    const donghu = await communityId(c)
    const rule = await plainRule(c, donghu, '测试加分三')
    const [p] = await makeResidents(c, 1, donghu)
    await give(c, donghu, p.id, 20, rule)
    const goodsId = await makeGoods(c, donghu, { name: '抢着领的毛巾', price: 20, stock: 5 })
    const staff = await c.login('staff01')
    for (let round = 0; round < 5; round++) {
      const held = await c.call('POST', '/api/v1/points/redemptions', { token: p.token, body: { goodsId } })
      expect(held.status).toBe(201)
      const answers = await Promise.all([
        c.call('POST', `/api/v1/points/redemptions/${held.body.id}/redeem`, { token: staff, body: { code: held.body.code } }),
        c.call('POST', `/api/v1/points/redemptions/${held.body.id}/cancel`, { token: p.token }),
        c.call('POST', `/api/v1/points/redemptions/${held.body.id}/redeem`, { token: staff, body: { code: held.body.code } }),
      ])
      expect(answers.filter((a) => a.status === 200)).toHaveLength(1)
      expect(answers.filter((a) => a.status === 409)).toHaveLength(2)
      const won = answers.find((a) => a.status === 200)!.body.status
      if (won === 'redeemed') await c.call('POST', '/api/v1/staff/points/adjustments', { token: staff, body: { userId: p.id, points: 20, reason: '测试补回' } })
    }
    expect(await ledgerProblems(c)).toEqual([])
  })

  it('concurrent credits against a daily cap never exceed it', async () => {
    const c = ctx()
    const donghu = await communityId(c)
    const [p] = await makeResidents(c, 1, donghu)
    const staff = await c.login('staff01')
    const rule = await c.call('POST', '/api/v1/staff/points/rules', { token: staff, body: { kind: 'custom', name: '并发打卡', points: 3, dailyCap: 10 } })
    const answers = await Promise.all(Array.from({ length: 30 }, () => c.call('POST', '/api/v1/points/applications', { token: p.token, body: { ruleId: rule.body.id, note: '并发测试' } })))
    expect(answers.every((a) => a.status === 201)).toBe(true)
    expect(answers.reduce((s, a) => s + a.body.points, 0)).toBe(10)
    expect(answers.filter((a) => a.body.status === 'capped')).toHaveLength(30 - 4) // 3 + 3 + 3 + 1
    expect(await ledgerProblems(c)).toEqual([])
  })
})
