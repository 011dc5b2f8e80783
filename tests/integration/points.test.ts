import { sql } from 'kysely'
import { describeEachDb, type TestContext } from '../helpers/app'
import { tableCounts } from '../helpers/db'
import { tick } from '../../cloud/app'
import { publish } from '../../cloud/platform/notices'
import { checkCommunity } from '../../cloud/points/reconcile-points'
import { signCheckInCode } from '../../cloud/points/checkin-code'

/** Every invariant of the ledger, for every community that has points. */
export async function expectLedgerInvariants(c: TestContext): Promise<void> {
  const communities = await c.db.kysely.selectFrom('points_accounts').select('community_id').distinct().execute()
  for (const { community_id } of communities) {
    const r = await checkCommunity(c.db.kysely, community_id)
    expect({ unbalanced: r.unbalancedJournals, drifted: r.driftedAccounts }).toEqual({ unbalanced: [], drifted: [] })
  }
  const negative = await sql<{ n: number }>`
    SELECT (SELECT count(*) FROM points_accounts WHERE (kind <> 'issuing' AND available < 0) OR held < 0)
         + (SELECT count(*) FROM points_goods WHERE stock < 0)
         + (SELECT count(*) FROM points_lots WHERE remaining < 0 OR remaining > amount) AS n`.execute(c.db.kysely)
  expect(Number(negative.rows[0].n)).toBe(0)
}

async function userId(c: TestContext, phone: string): Promise<string> {
  return (await c.db.kysely.selectFrom('users').select('id').where('phone', '=', phone).executeTakeFirstOrThrow()).id
}
async function community(c: TestContext, name: string): Promise<string> {
  return (await c.db.kysely.selectFrom('org_units').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id
}

describeEachDb('积分制: balance, rules and the shop', (ctx) => {
  it('王芳 sees the demo points the seed posted through the ledger, with history and reasons', async () => {
    const c = ctx()
    const token = await c.login('13800000001')
    const me = await c.call('GET', '/api/v1/me/points', { token })
    expect(me.status).toBe(200)
    // 3 × 志愿服务 10 + 2 × 随手拍 5 + 1 × 邻里互助 5
    expect(me.body).toMatchObject({ available: 45, held: 0, expiringSoon: 0, expiringOn: null, earnedThisYear: 45 })
    const history = await c.call('GET', '/api/v1/me/points/history?limit=4', { token })
    expect(history.body.items).toHaveLength(4)
    expect(history.body.items[0]).toMatchObject({ kind: 'earn', bucket: 'available' })
    expect(history.body.items.map((i: { memo: string }) => i.memo)).toContain('随手拍有效上报')
    const next = await c.call('GET', `/api/v1/me/points/history?limit=4&cursor=${history.body.nextCursor}`, { token })
    expect(next.body.items).toHaveLength(2)
    expect(next.body.nextCursor).toBeNull()
    await expectLedgerInvariants(c)
  })

  it('a resident with no points yet sees zeros, and reading creates nothing', async () => {
    const c = ctx()
    const token = await c.login('13800000004')
    const before = await tableCounts(c.db)
    const me = await c.call('GET', '/api/v1/me/points', { token })
    expect(me.body).toMatchObject({ available: 0, held: 0, expiringSoon: 0 })
    expect((await c.call('GET', '/api/v1/me/points/history', { token })).body).toEqual({ items: [], nextCursor: null })
    expect(await tableCounts(c.db)).toEqual(before)
  })

  it('rules and goods of the resident’s own community are listed', async () => {
    const c = ctx()
    const token = await c.login('13800000001')
    const rules = await c.call('GET', '/api/v1/points/rules', { token })
    expect(rules.body.items.map((r: { name: string }) => r.name)).toEqual(expect.arrayContaining(['随手拍有效上报', '志愿服务', '垃圾分类打卡']))
    const goods = await c.call('GET', '/api/v1/points/goods', { token })
    expect(goods.body.items.map((g: { name: string }) => g.name)).toEqual(['理发服务 1 次', '物业费抵扣券 20 元', '洗衣液 2kg', '东北大米 5kg'])
  })

  it('redeem → hold; staff 核销 with the code → points posted to the shop, stock consumed', async () => {
    const c = ctx()
    const resident = await c.login('13800000002') // 李强: 62 points
    const staff = await c.login('staff01')
    const goods = (await c.call('GET', '/api/v1/points/goods', { token: resident })).body.items.find((g: { name: string }) => g.name === '洗衣液 2kg')
    const held = await c.call('POST', '/api/v1/points/redemptions', { token: resident, body: { goodsId: goods.id } })
    expect(held.status).toBe(201)
    expect(held.body).toMatchObject({ status: 'held', points: 30, goodsName: '洗衣液 2kg' })
    expect(held.body.code).toMatch(/^\d{8}$/)
    expect(await c.call('GET', '/api/v1/me/points', { token: resident })).toMatchObject({ body: { available: 32, held: 30 } })
    const stock = await c.db.kysely.selectFrom('points_goods').select('stock').where('id', '=', goods.id).executeTakeFirstOrThrow()
    expect(stock.stock).toBe(goods.stock - 1)

    // a resident cannot 核销 their own
    expect((await c.call('POST', `/api/v1/points/redemptions/${held.body.id}/redeem`, { token: resident, body: { code: held.body.code } })).status).toBe(404)
    // wrong code: refused, nothing written
    const before = await tableCounts(c.db)
    const wrong = await c.call('POST', `/api/v1/points/redemptions/${held.body.id}/redeem`, { token: staff, body: { code: held.body.code === '00000000' ? '11111111' : '00000000' } })
    expect(wrong.status).toBe(422)
    expect(wrong.body.error.code).toBe('REDEMPTION_CODE_INVALID')
    expect(await tableCounts(c.db)).toEqual(before)

    const found = await c.call('GET', `/api/v1/staff/points/redemptions?code=${held.body.code}`, { token: staff })
    expect(found.body).toMatchObject({ id: held.body.id, userName: '李强' })
    const done = await c.call('POST', `/api/v1/points/redemptions/${held.body.id}/redeem`, { token: staff, body: { code: held.body.code } })
    expect(done.status).toBe(200)
    expect(done.body.status).toBe('redeemed')
    expect(await c.call('GET', '/api/v1/me/points', { token: resident })).toMatchObject({ body: { available: 32, held: 0 } })
    const again = await c.call('POST', `/api/v1/points/redemptions/${held.body.id}/redeem`, { token: staff, body: { code: held.body.code } })
    expect(again.status).toBe(409)
    expect(again.body.error.message).toBe('这件商品已经领取过了')
    // cancelling after 核销 is refused
    expect((await c.call('POST', `/api/v1/points/redemptions/${held.body.id}/cancel`, { token: resident })).status).toBe(409)
    await expectLedgerInvariants(c)
  })

  it('the resident can cancel an unredeemed hold: points and stock come back', async () => {
    const c = ctx()
    const token = await c.login('13800000001')
    const goods = (await c.call('GET', '/api/v1/points/goods', { token })).body.items.find((g: { name: string }) => g.name === '理发服务 1 次')
    const before = (await c.call('GET', '/api/v1/me/points', { token })).body
    const held = await c.call('POST', '/api/v1/points/redemptions', { token, body: { goodsId: goods.id } })
    const cancelled = await c.call('POST', `/api/v1/points/redemptions/${held.body.id}/cancel`, { token })
    expect(cancelled.body.status).toBe('cancelled')
    expect((await c.call('GET', '/api/v1/me/points', { token })).body).toMatchObject({ available: before.available, held: 0 })
    const after = (await c.call('GET', '/api/v1/points/goods', { token })).body.items.find((g: { id: string }) => g.id === goods.id)
    expect(after.stock).toBe(goods.stock)
    // someone else cannot cancel it (it does not exist for them)
    const other = await c.login('13800000002')
    expect((await c.call('POST', `/api/v1/points/redemptions/${held.body.id}/cancel`, { token: other })).status).toBe(404)
    await expectLedgerInvariants(c)
  })

  it('a hold not redeemed in 14 days is released by tick, and the resident is told', async () => {
    const c = ctx()
    const token = await c.login('13800000001')
    const goods = (await c.call('GET', '/api/v1/points/goods', { token })).body.items.find((g: { name: string }) => g.name === '物业费抵扣券 20 元')
    const start = (await c.call('GET', '/api/v1/me/points', { token })).body.available
    const held = await c.call('POST', '/api/v1/points/redemptions', { token, body: { goodsId: goods.id } })
    await tick(c.deps, new Date(c.clock.now().getTime() + 13 * 86_400_000))
    expect((await c.call('GET', '/api/v1/me/points', { token })).body.held).toBe(20)
    await tick(c.deps, new Date(c.clock.now().getTime() + 14 * 86_400_000 + 60_000))
    expect((await c.call('GET', '/api/v1/me/points', { token })).body).toMatchObject({ available: start, held: 0 })
    const mine = await c.call('GET', '/api/v1/me/points/redemptions', { token })
    expect(mine.body.items.find((r: { id: string }) => r.id === held.body.id).status).toBe('released')
    const notice = await c.db.kysely.selectFrom('notices').select('body').where('kind', '=', 'points.released').execute()
    expect(notice.length).toBe(1)
    await expectLedgerInvariants(c)
  })

  it('not enough points, sold out, per-person limit, unknown and other-community goods are refused and write nothing', async () => {
    const c = ctx()
    const admin = await c.login('admin01')
    const token = await c.login('13800000001')
    const gaoan = await community(c, '高安社区')
    const foreign = await c.call('POST', '/api/v1/staff/points/goods', { token: admin, body: { communityId: gaoan, name: '高安的礼品', price: 1, stock: 5 } })
    expect(foreign.status).toBe(201)
    const rice = (await c.call('GET', '/api/v1/points/goods', { token })).body.items.find((g: { name: string }) => g.name === '东北大米 5kg')
    const poor = await c.login('13800000004') // 赵秀英: no points
    const before = await tableCounts(c.db)
    const cases: [string, unknown, number, string][] = [
      [poor, { goodsId: rice.id }, 422, 'INSUFFICIENT_POINTS'],
      [token, { goodsId: foreign.body.id }, 404, 'GOODS_NOT_FOUND'],
      [token, { goodsId: '01900000-0000-7000-8000-000000000000' }, 404, 'GOODS_NOT_FOUND'],
      [token, { goodsId: 'not-a-uuid' }, 400, 'INVALID_INPUT'],
      [token, {}, 400, 'INVALID_INPUT'],
    ]
    for (const [t, body, status, code] of cases) {
      const res = await c.call('POST', '/api/v1/points/redemptions', { token: t, body })
      expect({ body, status: res.status, code: res.body.error?.code }).toEqual({ body, status, code })
    }
    expect(await tableCounts(c.db)).toEqual(before)

    const staff = await c.login('staff01')
    const scarce = await c.call('POST', '/api/v1/staff/points/goods', { token: staff, body: { name: '限量纪念品', price: 1, stock: 1, perPersonLimit: 1 } })
    expect((await c.call('POST', '/api/v1/points/redemptions', { token, body: { goodsId: scarce.body.id } })).status).toBe(201)
    const limit = await c.call('POST', '/api/v1/points/redemptions', { token, body: { goodsId: scarce.body.id } })
    expect(limit.body.error.code).toBe('REDEEM_LIMIT_REACHED')
    const other = await c.login('13800000002')
    const sold = await c.call('POST', '/api/v1/points/redemptions', { token: other, body: { goodsId: scarce.body.id } })
    expect(sold.status).toBe(409)
    expect(sold.body.error).toMatchObject({ code: 'OUT_OF_STOCK', message: '这件商品已经兑完了' })
    await expectLedgerInvariants(c)
  })

  it('Idempotency-Key: a replayed redemption gets the first answer and holds once; another body is 409', async () => {
    const c = ctx()
    const token = await c.login('13800000002')
    const goods = (await c.call('GET', '/api/v1/points/goods', { token })).body.items.find((g: { name: string }) => g.name === '理发服务 1 次')
    const before = (await c.call('GET', '/api/v1/me/points', { token })).body
    const headers = { 'idempotency-key': 'redeem-haircut-0001' }
    const first = await c.call('POST', '/api/v1/points/redemptions', { token, headers, body: { goodsId: goods.id } })
    const replay = await c.call('POST', '/api/v1/points/redemptions', { token, headers, body: { goodsId: goods.id } })
    expect(replay).toEqual(first)
    expect((await c.call('GET', '/api/v1/me/points', { token })).body.held).toBe(before.held + 15)
    const rice = (await c.call('GET', '/api/v1/points/goods', { token })).body.items.find((g: { name: string }) => g.name === '东北大米 5kg')
    const reused = await c.call('POST', '/api/v1/points/redemptions', { token, headers, body: { goodsId: rice.id } })
    expect(reused.status).toBe(409)
    expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED')
  })

  it('monthly 公示 lists who earned what with masked names', async () => {
    const c = ctx()
    const token = await c.login('13800000001')
    const board = await c.call('GET', '/api/v1/points/leaderboard?month=2026-11', { token })
    expect(board.body.communityName).toBe('东湖社区')
    expect(board.body.items.slice(0, 2)).toEqual([
      { rank: 1, name: '李*', points: 62 },
      { rank: 2, name: '王*', points: 45 },
    ])
    expect(JSON.stringify(board.body)).not.toMatch(/李强|王芳/)
    expect((await c.call('GET', '/api/v1/points/leaderboard?month=2026-13', { token })).status).toBe(400)
    expect((await c.call('GET', '/api/v1/points/leaderboard?month=2026-10', { token })).body.items).toEqual([])
  })
})

describeEachDb('积分制: earning', (ctx) => {
  it('QR check-in: staff make a signed code, the resident scans once; replay, expired and forged codes are refused and write nothing', async () => {
    const c = ctx()
    const staff = await c.login('staff01')
    const token = await c.login('13800000001')
    const rules = (await c.call('GET', '/api/v1/staff/points/catalogue', { token: staff })).body.rules
    const event = rules.find((r: { kind: string }) => r.kind === 'event_attendance')
    const made = await c.call('POST', '/api/v1/staff/points/events', { token: staff, body: { ruleId: event.id, title: '重阳节敬老活动', validMinutes: 60 } })
    expect(made.status).toBe(201)
    expect(made.body.url).toBe(`/packages/points/checkin/index?code=${encodeURIComponent(made.body.code)}`)
    expect(made.body.qrDataUrl).toMatch(/^data:image\/png;base64,/)
    const before = (await c.call('GET', '/api/v1/me/points', { token })).body.available
    const ok = await c.call('POST', '/api/v1/points/check-ins', { token, body: { code: made.body.code } })
    expect(ok.status).toBe(201)
    expect(ok.body).toMatchObject({ status: 'credited', points: 5, ruleName: '参加社区活动', note: '重阳节敬老活动' })
    expect((await c.call('GET', '/api/v1/me/points', { token })).body.available).toBe(before + 5)

    const counts = await tableCounts(c.db)
    const replay = await c.call('POST', '/api/v1/points/check-ins', { token, body: { code: made.body.code } })
    expect(replay.status).toBe(409)
    expect(replay.body.error.code).toBe('ALREADY_CHECKED_IN')
    const forged = await c.call('POST', '/api/v1/points/check-ins', { token, body: { code: made.body.code.slice(0, -2) + (made.body.code.endsWith('AA') ? 'BB' : 'AA') } })
    expect(forged.body.error.code).toBe('QR_INVALID')
    const past = signCheckInCode(c.deps.config.jwtSecret, made.body.eventId, new Date(c.clock.now().getTime() - 1000))
    const expired = await c.call('POST', '/api/v1/points/check-ins', { token, body: { code: past } })
    expect(expired.status).toBe(422)
    expect(expired.body.error).toMatchObject({ code: 'QR_EXPIRED', message: '二维码已过期，请工作人员刷新后再扫' })
    const otherSecret = signCheckInCode('another-secret-another-secret', made.body.eventId, new Date(c.clock.now().getTime() + 600_000))
    expect((await c.call('POST', '/api/v1/points/check-ins', { token, body: { code: otherSecret } })).body.error.code).toBe('QR_INVALID')
    expect((await c.call('POST', '/api/v1/points/check-ins', { token, body: { code: 'garbage-garbage' } })).body.error.code).toBe('QR_INVALID')
    expect(await tableCounts(c.db)).toEqual(counts)
    // the code expires with time
    c.clock.advance(61)
    const late = await c.call('POST', '/api/v1/points/check-ins', { token: await c.login('13800000002'), body: { code: made.body.code } })
    expect(late.body.error.code).toBe('QR_EXPIRED')
    await expectLedgerInvariants(c)
  })

  it('caps: over the daily cap the action is recorded with 0 points and the reason', async () => {
    const c = ctx()
    const staff = await c.login('staff01')
    const token = await c.login('13800000004')
    const rule = await c.call('POST', '/api/v1/staff/points/rules', { token: staff, body: { kind: 'custom', name: '楼道清洁', points: 3, dailyCap: 5, monthlyCap: 8 } })
    expect(rule.status).toBe(201)
    const apply = () => c.call('POST', '/api/v1/points/applications', { token, body: { ruleId: rule.body.id, note: '打扫了 3 号楼楼道' } })
    const a = await apply()
    const b = await apply()
    const d = await apply()
    expect([a.body.points, b.body.points, d.body.points]).toEqual([3, 2, 0])
    expect(b.body.reason).toBe('已达今日积分上限，本次加 2 分（规则为 3 分）')
    expect(d.body).toMatchObject({ status: 'capped', reason: '「楼道清洁」已达今日积分上限，本次已记录但不加分' })
    c.clock.advance(24 * 60)
    const e = await apply()
    expect(e.body.points).toBe(3) // month: 8 - 5 = 3 left
    const f = await apply()
    expect(f.body).toMatchObject({ points: 0, status: 'capped' })
    expect(f.body.reason).toContain('本月')
    expect((await c.call('GET', '/api/v1/me/points', { token })).body.available).toBe(8)
    await expectLedgerInvariants(c)
  })

  it('applications needing review wait; staff approve (credited, resident told) or reject with a reason', async () => {
    const c = ctx()
    const staff = await c.login('staff01')
    const token = await c.login('13800000004')
    const rules = (await c.call('GET', '/api/v1/points/rules', { token })).body.items
    const volunteer = rules.find((r: { kind: string }) => r.kind === 'volunteer_service')
    const applied = await c.call('POST', '/api/v1/points/applications', { token, body: { ruleId: volunteer.id, note: '周六在社区食堂帮厨' } })
    expect(applied.body).toMatchObject({ status: 'pending', points: 0 })
    const queue = await c.call('GET', '/api/v1/staff/points/earnings?status=pending', { token: staff })
    expect(queue.body.items.map((i: { id: string }) => i.id)).toContain(applied.body.id)
    const before = (await c.call('GET', '/api/v1/me/points', { token })).body.available
    const approved = await c.call('POST', `/api/v1/staff/points/earnings/${applied.body.id}/approve`, { token: staff })
    expect(approved.body).toMatchObject({ status: 'credited', points: 10 })
    expect((await c.call('GET', '/api/v1/me/points', { token })).body.available).toBe(before + 10)
    expect((await c.call('POST', `/api/v1/staff/points/earnings/${applied.body.id}/approve`, { token: staff })).status).toBe(409)

    const second = await c.call('POST', '/api/v1/points/applications', { token, body: { ruleId: volunteer.id, note: '又去帮厨了' } })
    const noReason = await c.call('POST', `/api/v1/staff/points/earnings/${second.body.id}/reject`, { token: staff, body: {} })
    expect(noReason.status).toBe(400)
    const rejected = await c.call('POST', `/api/v1/staff/points/earnings/${second.body.id}/reject`, { token: staff, body: { reason: '当天没有安排帮厨' } })
    expect(rejected.body).toMatchObject({ status: 'rejected', reason: '当天没有安排帮厨', points: 0 })
    const notices = await c.db.kysely
      .selectFrom('notices')
      .select(['kind', 'body'])
      .where('user_id', '=', await userId(c, '13800000004'))
      .where('kind', 'like', 'points.%')
      .execute()
    expect(notices.map((n) => n.kind).sort()).toEqual(['points.credited', 'points.rejected'])
    // staff of another community see nothing
    const lead = await c.login('dept01')
    expect((await c.call('POST', `/api/v1/staff/points/earnings/${second.body.id}/approve`, { token: lead })).status).toBe(404)
    await expectLedgerInvariants(c)
  })

  it("'report.accepted' from 随手拍 earns the valid_report rule once, however often it is delivered", async () => {
    const c = ctx()
    const reporter = await userId(c, '13800000004')
    const donghu = await community(c, '东湖社区')
    const payload = { reportId: 'SSP-20261127-0001', reporterId: reporter, communityId: donghu, acceptedAt: c.clock.now().toISOString() }
    await publish(c.db.kysely, c.clock.now(), 'report.accepted', payload)
    await publish(c.db.kysely, c.clock.now(), 'report.accepted', payload)
    const result = await tick(c.deps, c.clock.now())
    expect(result.outboxDelivered).toBeGreaterThanOrEqual(2)
    await publish(c.db.kysely, c.clock.now(), 'report.accepted', payload)
    await tick(c.deps, c.clock.now())
    const earnings = await c.db.kysely.selectFrom('points_earnings').selectAll().where('source_type', '=', 'report').where('source_id', '=', 'SSP-20261127-0001').execute()
    expect(earnings).toHaveLength(1)
    expect(earnings[0]).toMatchObject({ status: 'credited', points: 5, user_id: reporter })
    const left = await c.db.kysely.selectFrom('outbox').select('id').where('topic', '=', 'report.accepted').where('delivered_at', 'is', null).execute()
    expect(left).toHaveLength(0)
    await expectLedgerInvariants(c)
  })

  it('staff adjust with a reason; a credit is reversed by a new journal, once; bad amounts are refused', async () => {
    const c = ctx()
    const staff = await c.login('staff01')
    const token = await c.login('13800000002')
    const li = await userId(c, '13800000002')
    const before = (await c.call('GET', '/api/v1/me/points', { token })).body.available
    const counts = await tableCounts(c.db)
    for (const points of [0, 1.5, '5', null, 1e9]) {
      const res = await c.call('POST', '/api/v1/staff/points/adjustments', { token: staff, body: { userId: li, points, reason: '补录活动积分' } })
      expect({ points, status: res.status }).toEqual({ points, status: 400 })
    }
    const tooMuch = await c.call('POST', '/api/v1/staff/points/adjustments', { token: staff, body: { userId: li, points: -(before + 1), reason: '错误发放扣回' } })
    expect(tooMuch.body.error.code).toBe('INSUFFICIENT_POINTS')
    expect((await c.call('POST', '/api/v1/staff/points/adjustments', { token: staff, body: { userId: li, points: 5 } })).status).toBe(400)
    expect(await tableCounts(c.db)).toEqual(counts)
    // another community's staff cannot touch 李强
    expect((await c.call('POST', '/api/v1/staff/points/adjustments', { token: await c.login('13800000001'), body: { userId: li, points: 5, reason: '想加分' } })).status).toBe(404)

    const adj = await c.call('POST', '/api/v1/staff/points/adjustments', { token: staff, body: { userId: li, points: 7, reason: '补录 11 月活动积分' } })
    expect(adj.status).toBe(201)
    expect((await c.call('GET', '/api/v1/me/points', { token })).body.available).toBe(before + 7)
    const history = (await c.call('GET', '/api/v1/me/points/history', { token })).body.items
    expect(history[0]).toMatchObject({ kind: 'adjust', points: 7, reason: '补录 11 月活动积分' })

    const rev = await c.call('POST', `/api/v1/staff/points/journals/${adj.body.journalId}/reverse`, { token: staff, body: { reason: '重复录入' } })
    expect(rev.status).toBe(201)
    expect(rev.body.points).toBe(-7)
    expect((await c.call('GET', '/api/v1/me/points', { token })).body.available).toBe(before)
    const twice = await c.call('POST', `/api/v1/staff/points/journals/${adj.body.journalId}/reverse`, { token: staff, body: { reason: '重复录入' } })
    expect(twice.body.error.code).toBe('ALREADY_REVERSED')
    const reversal = await c.call('POST', `/api/v1/staff/points/journals/${rev.body.journalId}/reverse`, { token: staff, body: { reason: '再冲回来' } })
    expect(reversal.body.error.code).toBe('NOT_REVERSIBLE')
    // the original journal is still there, unchanged
    const entries = await c.db.kysely.selectFrom('points_entries').select('amount').where('journal_id', '=', adj.body.journalId).execute()
    expect(entries.map((e) => Number(e.amount)).sort((a, b) => a - b)).toEqual([-7, 7])
    await expectLedgerInvariants(c)
  })

  it('bad rules are refused with field errors', async () => {
    const c = ctx()
    const staff = await c.login('staff01')
    for (const body of [
      { kind: 'custom', name: '负分', points: -5 },
      { kind: 'custom', name: '小数', points: 2.5 },
      { kind: 'custom', name: '', points: 5 },
      { kind: 'bogus', name: 'x', points: 5 },
      { kind: 'custom', name: 'x', points: 5, dailyCap: 0 },
      { kind: 'custom', name: 'x', points: 5, activeFrom: '2026-12-01', activeUntil: '2026-11-01' },
    ]) {
      const res = await c.call('POST', '/api/v1/staff/points/rules', { token: staff, body })
      expect({ body, status: res.status, code: res.body.error?.code }).toEqual({ body, status: 400, code: 'INVALID_INPUT' })
    }
    const resident = await c.login('13800000001')
    expect((await c.call('POST', '/api/v1/staff/points/rules', { token: resident, body: { kind: 'custom', name: '自己加分', points: 5 } })).status).toBe(403)
  })
})

describeEachDb('积分制: expiry, notices and reconciliation', (ctx) => {
  it('a month before, residents are told; on 1 January lots of the year before last expire, oldest first, one journal per account', async () => {
    const c = ctx()
    let token = await c.login('13800000001')
    const goods = (await c.call('GET', '/api/v1/points/goods', { token })).body.items.find((g: { name: string }) => g.name === '理发服务 1 次')
    // 2026 credits (45, valid to 2027-12-31); in 2027 she earns 5 more (valid to 2028-12-31) and spends 15
    c.clock.set('2027-03-01T04:00:00Z')
    token = await c.login('13800000001')
    const staff = await c.login('staff01')
    const adj = await c.call('POST', '/api/v1/staff/points/adjustments', { token: staff, body: { userId: await userId(c, '13800000001'), points: 5, reason: '2027 年活动积分' } })
    expect(adj.status).toBe(201)
    const held = await c.call('POST', '/api/v1/points/redemptions', { token, body: { goodsId: goods.id } })
    await c.call('POST', `/api/v1/points/redemptions/${held.body.id}/redeem`, { token: staff, body: { code: held.body.code } })
    c.clock.set('2027-11-15T04:00:00Z')
    token = await c.login('13800000001')
    const me = (await c.call('GET', '/api/v1/me/points', { token })).body
    // the spend came out of the oldest lots: 45 − 15 = 30 expire this year, the 5 of 2027 stay
    expect(me).toMatchObject({ available: 35, expiringSoon: 30, expiringOn: '2027-12-31' })

    await tick(c.deps, new Date('2027-12-01T01:00:00Z')) // 09:00 Shanghai
    await tick(c.deps, new Date('2027-12-01T02:00:00Z'))
    const told = await c.db.kysely
      .selectFrom('notices')
      .select('body')
      .where('kind', '=', 'points.expiring')
      .where('user_id', '=', await userId(c, '13800000001'))
      .execute()
    expect(told).toEqual([{ body: '您有 30 积分将于 2027-12-31 到期，请在到期前到积分商城兑换。' }])

    await tick(c.deps, new Date('2027-12-31T15:59:00Z')) // 23:59 on 31 December: nothing yet
    expect((await c.call('GET', '/api/v1/me/points', { token })).body.available).toBe(35)
    await tick(c.deps, new Date('2027-12-31T16:01:00Z')) // 00:01 on 1 January
    await tick(c.deps, new Date('2027-12-31T16:05:00Z')) // again: idempotent
    c.clock.set('2028-01-02T04:00:00Z')
    token = await c.login('13800000001')
    expect((await c.call('GET', '/api/v1/me/points', { token })).body).toMatchObject({ available: 5, expiringSoon: 5, expiringOn: '2028-12-31' })
    const expired = await c.db.kysely.selectFrom('points_journals').select(['id', 'memo']).where('kind', '=', 'expire').execute()
    const accounts = await c.db.kysely
      .selectFrom('points_entries')
      .select('account_id')
      .where(
        'journal_id',
        'in',
        expired.map((j) => j.id),
      )
      .where('amount', '<', 0)
      .execute()
    expect(new Set(accounts.map((a) => a.account_id)).size).toBe(expired.length)
    expect(expired[0].memo).toBe('2027 年底到期积分清零')
    await expectLedgerInvariants(c)
  })

  it('reconciliation proves the books for staff, runs nightly from tick, and alerts on drift', async () => {
    const c = ctx()
    const staff = await c.login('staff01')
    const ok = await c.call('GET', '/api/v1/staff/points/reconciliation', { token: staff })
    expect(ok.body).toMatchObject({ ok: true, unbalancedJournals: [], driftedAccounts: [] })
    expect(ok.body.entries).toBeGreaterThan(0)
    expect((await c.call('GET', '/api/v1/staff/points/reconciliation', { token: await c.login('13800000001') })).status).toBe(403)

    await tick(c.deps, new Date('2026-11-28T18:30:00Z')) // 02:30 Shanghai on the 29th
    const runs = await c.db.kysely.selectFrom('points_reconciliations').select(['ok']).where('ran_at', '=', new Date('2026-11-28T18:30:00Z')).execute()
    expect(runs.length).toBeGreaterThan(0)
    expect(runs.every((r) => r.ok)).toBe(true)

    // someone edits a balance behind the ledger's back: the next night raises the alarm
    const wang = await userId(c, '13800000001')
    await c.db.kysely.updateTable('points_accounts').set({ available: 1000 }).where('user_id', '=', wang).execute()
    await tick(c.deps, new Date('2026-11-29T18:30:00Z'))
    const latest = await c.db.kysely.selectFrom('points_reconciliations').select(['ok']).where('ran_at', '=', new Date('2026-11-29T18:30:00Z')).execute()
    expect(latest.map((r) => r.ok)).toContain(false)
    const alert = await c.db.kysely.selectFrom('notices').select('title').where('kind', '=', 'points.drift').execute()
    expect(alert.map((a) => a.title)).toContain('积分对账发现差异')
    const bad = await c.call('GET', '/api/v1/staff/points/reconciliation', { token: staff })
    expect(bad.body.ok).toBe(false)
    expect(bad.body.driftedAccounts).toHaveLength(1)
  })
})
