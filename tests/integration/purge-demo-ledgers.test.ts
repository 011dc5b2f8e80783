import { sql } from 'kysely'
import { PassThrough } from 'node:stream'
import { describeEachDb } from '../helpers/app'
import { tableCounts } from '../helpers/db'
import { main as adminCli } from '../../cloud/admin/cli'
import { checkCommunity } from '../../cloud/points/reconcile-points'
import { checkLedger } from '../../cloud/timebank/repository/ledger'
import { onReportAccepted } from '../../cloud/points/on-report-accepted'
import { jpegWithGps } from '../fixtures/reports/photos'
import { demoGridCentre } from '../../cloud/reports/reports.seed'
import type { Kdb } from '../../cloud/db/db'

function capture() {
  const s = new PassThrough()
  let text = ''
  s.on('data', (d) => (text += d))
  return { stream: s, text: () => text }
}

/** Both reconciliations, as staff and the nightly job run them: every community's points, the whole time bank. */
async function reconciliations(k: Kdb) {
  const communities = (await k.selectFrom('points_accounts').select('community_id').distinct().execute()).map((r) => r.community_id)
  const points = await Promise.all(
    communities.map(async (c) => {
      const r = await checkCommunity(k, c)
      return { ok: r.ok, unbalancedJournals: r.unbalancedJournals, driftedAccounts: r.driftedAccounts }
    }),
  )
  return { points, timebank: await checkLedger(k) }
}
const clean = (communities: number) => ({
  points: Array.from({ length: communities }, () => ({ ok: true, unbalancedJournals: [], driftedAccounts: [] })),
  timebank: { unbalancedJournals: [], driftedAccounts: [], negativeMembers: [] },
})

describeEachDb('purge-demo on the demo-seeded street (积分 and 时间银行 ledgers)', (ctx) => {
  const run = async (args: string[]) => {
    const out = capture()
    const err = capture()
    const code = await adminCli(['purge-demo', ...args], {}, { out: out.stream, err: err.stream, db: ctx().db.kysely, now: ctx().clock.now })
    return { code, out: out.text(), err: err.text() }
  }

  it("refuses, writing nothing and naming the journal, when a demo journal moves a real person's points", async () => {
    const { db, call, sms } = ctx()
    const k = db.kysely
    await call('POST', '/api/v1/auth/sms/send', { body: { phone: '13700000066' } })
    const v = await call('POST', '/api/v1/auth/sms/verify', { body: { phone: '13700000066', code: sms.sent.at(-1)!.code } })
    expect(v.status).toBe(200)
    const realId = v.body.user.id as string
    // a journal that moves points from a demo resident to this real person (an adjustment by demo staff: one journal, both legs)
    const demoStaff = await k.selectFrom('users').select('id').where('username', '=', 'staff01').executeTakeFirstOrThrow()
    const demoAccount = await k
      .selectFrom('points_accounts as a')
      .innerJoin('users as u', 'u.id', 'a.user_id')
      .select(['a.id', 'a.community_id'])
      .where('u.phone', '=', '13800000001')
      .executeTakeFirstOrThrow()
    const journalId = '01900000-0000-7000-8000-00000000f301'
    const realAccountId = '01900000-0000-7000-8000-00000000f302'
    const now = ctx().clock.now()
    await k.transaction().execute(async (tx) => {
      await tx.insertInto('points_accounts').values({ id: realAccountId, community_id: demoAccount.community_id, kind: 'resident', user_id: realId, created_at: now }).execute()
      await tx
        .insertInto('points_journals')
        .values({ id: journalId, community_id: demoAccount.community_id, kind: 'adjust', memo: '演示工作人员调整', actor_id: demoStaff.id, reason: '测试', created_at: now })
        .execute()
      await tx
        .insertInto('points_entries')
        .values([
          { journal_id: journalId, account_id: demoAccount.id, community_id: demoAccount.community_id, bucket: 'available', amount: -5, created_at: now },
          { journal_id: journalId, account_id: realAccountId, community_id: demoAccount.community_id, bucket: 'available', amount: 5, created_at: now },
        ])
        .execute()
      await sql`UPDATE points_accounts SET available = available - 5 WHERE id = ${demoAccount.id}`.execute(tx)
      await sql`UPDATE points_accounts SET available = available + 5 WHERE id = ${realAccountId}`.execute(tx)
    })
    // and a 时间银行 gift from a demo volunteer's minutes to the same real person
    const demoMember = await k
      .selectFrom('timebank_accounts as a')
      .innerJoin('users as u', 'u.id', 'a.user_id')
      .select(['a.id'])
      .where('u.demo_account', '=', true)
      .where('a.balance', '>', 0)
      .executeTakeFirstOrThrow()
    const giftId = '01900000-0000-7000-8000-00000000f303'
    const realMemberId = '01900000-0000-7000-8000-00000000f304'
    await k.transaction().execute(async (tx) => {
      await tx.insertInto('timebank_accounts').values({ id: realMemberId, kind: 'member', user_id: realId, created_at: now }).execute()
      await tx.insertInto('timebank_journals').values({ id: giftId, kind: 'gift', memo: '演示赠送时长', actor_id: null, created_at: now }).execute()
      await tx
        .insertInto('timebank_entries')
        .values([
          { journal_id: giftId, account_id: demoMember.id, amount: -1, created_at: now },
          { journal_id: giftId, account_id: realMemberId, amount: 1, created_at: now },
        ])
        .execute()
      await sql`UPDATE timebank_accounts SET balance = balance - 1 WHERE id = ${demoMember.id}`.execute(tx)
      await sql`UPDATE timebank_accounts SET balance = balance + 1 WHERE id = ${realMemberId}`.execute(tx)
    })
    const before = await tableCounts(db)
    for (const args of [['--dry-run'], []]) {
      const refused = await run(args)
      expect(refused.code).toBe(1)
      expect(refused.err).toContain('什么都没有改')
      expect(refused.err).toContain(`积分流水 ${journalId}`)
      expect(refused.err).toContain('真实用户的积分')
      expect(refused.err).toContain(`时间银行流水 ${giftId}`)
      expect(refused.err).toContain('真实用户的时长')
    }
    expect(await tableCounts(db)).toEqual(before)
    expect(await k.selectFrom('users').select('id').where('demo_account', '=', true).execute()).not.toHaveLength(0)
    // take the tie away again (test set-up only) for the next case
    await k.transaction().execute(async (tx) => {
      await tx.deleteFrom('points_entries').where('journal_id', '=', journalId).execute()
      await tx.deleteFrom('points_journals').where('id', '=', journalId).execute()
      await tx.deleteFrom('points_accounts').where('id', '=', realAccountId).execute()
      await sql`UPDATE points_accounts SET available = available + 5 WHERE id = ${demoAccount.id}`.execute(tx)
      await tx.deleteFrom('timebank_entries').where('journal_id', '=', giftId).execute()
      await tx.deleteFrom('timebank_journals').where('id', '=', giftId).execute()
      await tx.deleteFrom('timebank_accounts').where('id', '=', realMemberId).execute()
      await sql`UPDATE timebank_accounts SET balance = balance + 1 WHERE id = ${demoMember.id}`.execute(tx)
    })
  })

  it('removes every demo account with its ledger history; a real resident, her report and her points stay; reconciliations agree', async () => {
    const { db, call, sms, login, clock } = ctx()
    const k = db.kysely
    const demoLedger = await sql<{
      n: number
    }>`SELECT count(*)::int AS n FROM points_entries e JOIN points_accounts a ON a.id = e.account_id JOIN users u ON u.id = a.user_id WHERE u.demo_account`.execute(k)
    expect(demoLedger.rows[0].n).toBeGreaterThan(0)
    const demoMinutes = await sql<{
      n: number
    }>`SELECT count(*)::int AS n FROM timebank_entries e JOIN timebank_accounts a ON a.id = e.account_id JOIN users u ON u.id = a.user_id WHERE u.demo_account`.execute(k)
    expect(demoMinutes.rows[0].n).toBeGreaterThan(0)

    // a real resident (signs up by SMS, not a demo account) makes a report and earns points for it
    await call('POST', '/api/v1/auth/sms/send', { body: { phone: '13700000077' } })
    const v = await call('POST', '/api/v1/auth/sms/verify', { body: { phone: '13700000077', code: sms.sent.at(-1)!.code } })
    expect(v.status).toBe(200)
    const token = v.body.token as string
    const realId = v.body.user.id as string
    const form = new FormData()
    form.append('file', new Blob([new Uint8Array(await jpegWithGps({ seed: 7077 }))], { type: 'image/jpeg' }), 'p.jpg')
    const up = await ctx().app.request('/api/v1/uploads', { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form })
    expect(up.status).toBe(201)
    const { key } = (await up.json()) as { key: string }
    const at = demoGridCentre('东湖社区', '第一网格')
    const report = await call('POST', '/api/v1/reports', {
      token,
      body: { category: 'sanitation', description: '楼下垃圾桶满了没人清', lat: at.lat, lng: at.lng, address: '东湖路 17 弄', photoKeys: [key], anonymous: false, locationSource: 'map' },
    })
    expect([report.status, report.body?.error]).toEqual([201, undefined])
    const reportId = report.body.id as string
    const community = await k.selectFrom('org_units').select('id').where('name', '=', '东湖社区').executeTakeFirstOrThrow()
    await onReportAccepted({ db: k, now: clock.now(), payload: { reportId, reporterId: realId, communityId: community.id } } as never)
    const mine = await call('GET', '/api/v1/me/points', { token })
    expect(mine.status).toBe(200)
    const account = await k.selectFrom('points_accounts').selectAll().where('user_id', '=', realId).executeTakeFirstOrThrow()
    expect(Number(account.available)).toBeGreaterThan(0)
    const entries = await k.selectFrom('points_entries').selectAll().where('account_id', '=', account.id).execute()
    const lots = await k.selectFrom('points_lots').selectAll().where('account_id', '=', account.id).execute()
    const earnings = await k.selectFrom('points_earnings').selectAll().where('user_id', '=', realId).execute()
    const reportRow = await k.selectFrom('reports').selectAll().where('id', '=', reportId).executeTakeFirstOrThrow()
    const communities = (await reconciliations(k)).points.length
    expect(await reconciliations(k)).toEqual(clean(communities))

    const dry = await run(['--dry-run'])
    expect([dry.code, dry.err]).toEqual([0, ''])
    expect(dry.out).toContain('试运行')
    expect(dry.out).toContain('points_entries')
    expect(await k.selectFrom('users').select('id').where('demo_account', '=', true).execute()).not.toHaveLength(0)

    const done = await run([])
    expect([done.code, done.err]).toEqual([0, ''])
    expect(done.out).toContain('已清除')
    expect(await k.selectFrom('users').select('id').where('demo_account', '=', true).execute()).toHaveLength(0)
    const demoLeft = await sql<{ n: number }>`SELECT count(*)::int AS n FROM points_accounts WHERE user_id IS NOT NULL AND user_id <> ${realId}`.execute(k)
    expect(demoLeft.rows[0].n).toBe(0)
    expect(await k.selectFrom('timebank_accounts').select('id').where('user_id', 'is not', null).execute()).toHaveLength(0)
    // the real resident, her report, her points and her balance are untouched
    expect(await k.selectFrom('users').select(['id', 'demo_account']).where('id', '=', realId).executeTakeFirst()).toEqual({ id: realId, demo_account: false })
    expect(await k.selectFrom('reports').selectAll().where('id', '=', reportId).executeTakeFirst()).toEqual(reportRow)
    expect(await k.selectFrom('points_accounts').selectAll().where('user_id', '=', realId).executeTakeFirst()).toEqual(account)
    expect(await k.selectFrom('points_entries').selectAll().where('account_id', '=', account.id).execute()).toEqual(entries)
    expect(await k.selectFrom('points_lots').selectAll().where('account_id', '=', account.id).execute()).toEqual(lots)
    expect(await k.selectFrom('points_earnings').selectAll().where('user_id', '=', realId).execute()).toEqual(earnings)
    const after = await call('GET', '/api/v1/me/points', { token })
    expect(after).toEqual(mine)
    // every journal left sums to zero and every balance (system ones included) equals its entries and lots
    expect(await reconciliations(k)).toEqual(clean((await reconciliations(k)).points.length))
    expect((await reconciliations(k)).points.length).toBeGreaterThan(0)
    // and the demo logins are gone
    await expect(login('13800000001')).rejects.toThrow()

    const again = await run([])
    expect(again.code).toBe(0)
    expect(again.out).toContain('没有演示账号')
  })
})
