import { sql } from 'kysely'
import { describeEachDb, TEST_NOW, type TestContext } from '../helpers/app'
import { tableCounts } from '../helpers/db'
import { businessDate } from '../../cloud/platform/clock'
import { autoConfirmService } from '../../cloud/timebank/auto-confirm-service'
import { balanceOf, expectTimebankInvariants, newRequest, serve, serveJournals, userId } from './timebank-helpers'

/**
 * A confirmation is one call of the database function timebank_confirm. These pin down every row it
 * writes to what the TypeScript path wrote before (same texts, same payloads, same accounts, same
 * order of entries), for the three ways a service is confirmed: by the elder's side (family here,
 * with the acting-for record), by the elder who draws on her own minutes, and by the 72-hour job.
 */
const DAY = 24 * 60
function onDay(c: TestContext, n: number) {
  c.clock.set(new Date(new Date(TEST_NOW).getTime() + n * DAY * 60_000))
}

async function requestRow(c: TestContext, id: string) {
  return c.db.kysely
    .selectFrom('timebank_requests')
    .select(['status', 'version', 'confirmed_by', 'confirmed_via', 'rating', 'comment', 'minutes', 'credited_minutes', 'cap_note'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow()
}

/** The newest notice of a kind for a person, with its 'notice.created' outbox payload. */
async function lastNotice(c: TestContext, userIdOf: string, kind: string) {
  const n = await c.db.kysely.selectFrom('notices').select(['id', 'title', 'body', 'link']).where('user_id', '=', userIdOf).where('kind', '=', kind).orderBy('id', 'desc').executeTakeFirstOrThrow()
  const out = await c.db.kysely
    .selectFrom('outbox')
    .select('payload')
    .where('topic', '=', 'notice.created')
    .where(sql<boolean>`payload->>'noticeId' = ${n.id}`)
    .execute()
  return { title: n.title, body: n.body, link: n.link, outbox: out.map((o) => o.payload) }
}

/** A journal of a request with its entries in the order they were written, and their accounts. */
async function journalOf(c: TestContext, requestId: string, kind: 'serve' | 'draw') {
  const j = await c.db.kysely
    .selectFrom('timebank_journals')
    .select(['id', 'memo', 'actor_id', 'reason', 'reverses_id'])
    .where('request_id', '=', requestId)
    .where('kind', '=', kind)
    .executeTakeFirstOrThrow()
  const entries = await c.db.kysely
    .selectFrom('timebank_entries as e')
    .innerJoin('timebank_accounts as a', 'a.id', 'e.account_id')
    .select(['a.kind', 'a.user_id', 'a.slot', 'e.amount'])
    .where('e.journal_id', '=', j.id)
    .orderBy('e.id')
    .execute()
  return { memo: j.memo, actorId: j.actor_id, reason: j.reason, reversesId: j.reverses_id, entries: entries.map((e) => ({ ...e, amount: Number(e.amount) })) }
}

async function caps(c: TestContext, volunteer: string) {
  const rows = await c.db.kysely.selectFrom('timebank_cap_counters').select(['period', 'minutes']).where('user_id', '=', volunteer).execute()
  return Object.fromEntries(rows.map((r) => [r.period, r.minutes]))
}

describeEachDb('时间银行: what a confirmation writes', (ctx) => {
  it('by the daughter, over the daily cap: the row, the audit row, both notices, the event, the serve journal, the caps', async () => {
    const c = ctx()
    onDay(c, 1)
    const daughter = await c.login('13800000003')
    const li = await c.login('13800000002')
    const chen = await userId(c, '陈国华')
    const daughterId = await userId(c, '13800000003')
    const liId = await userId(c, '13800000002')
    const community = (await c.db.kysely.selectFrom('timebank_requests').select('community_id').limit(1).executeTakeFirstOrThrow()).community_id

    const first = await newRequest(c, daughter, { elderId: chen, maxMinutes: 120 })
    await serve(c, li, first.id, 90)
    expect((await c.call('POST', `/api/v1/timebank/requests/${first.id}/confirm`, { token: daughter, body: { rating: 5 } })).body.creditedMinutes).toBe(90)
    const lifetimeBefore = (await caps(c, liId)).L
    const balanceBefore = await balanceOf(c, liId)

    const req = await newRequest(c, daughter, { elderId: chen })
    await serve(c, li, req.id, 65)
    const before = await requestRow(c, req.id)
    const ok = await c.call('POST', `/api/v1/timebank/requests/${req.id}/confirm`, { token: daughter, body: { rating: 4, comment: '谢谢小李' } })
    expect(ok.status).toBe(200)
    const capNote = '已达每日 120 分钟的记时上限，本次记 30 分钟（服务 65 分钟）'
    expect(await requestRow(c, req.id)).toEqual({
      status: 'confirmed',
      version: before.version + 1,
      confirmed_by: daughterId,
      confirmed_via: 'family',
      rating: 4,
      comment: '谢谢小李',
      minutes: 65,
      credited_minutes: 30,
      cap_note: capNote,
    })
    // the answer is what a fresh read shows (names included)
    expect(ok.body).toEqual((await c.call('GET', `/api/v1/timebank/requests/${req.id}`, { token: daughter })).body)
    expect(ok.body).toMatchObject({ elderName: '陈国华', volunteerName: '李强', requestedByName: '陈静', creditedMinutes: 30, capNote })

    const audit = await c.db.kysely
      .selectFrom('audit_log')
      .select(['actor_id', 'subject_id', 'details'])
      .where('action', '=', 'timebank.confirm_for')
      .where(sql<boolean>`details->>'requestId' = ${req.id}`)
      .execute()
    expect(audit).toEqual([{ actor_id: daughterId, subject_id: chen, details: { requestId: req.id, minutes: 65, via: 'family' } }])
    const forYou = { kind: 'timebank.confirmed_for_you', title: '服务时长已代为确认', body: '陈静代您确认了志愿者服务 65 分钟。' }
    expect(await lastNotice(c, chen, forYou.kind)).toEqual({ title: forYou.title, body: forYou.body, link: null, outbox: [{ noticeId: expect.any(String), userId: chen, ...forYou }] })
    const credited = { kind: 'timebank.credited', title: '服务时长已到账', body: capNote }
    expect(await lastNotice(c, liId, credited.kind)).toEqual({ title: credited.title, body: credited.body, link: null, outbox: [{ noticeId: expect.any(String), userId: liId, ...credited }] })

    const events = await c.db.kysely
      .selectFrom('outbox')
      .select('payload')
      .where('topic', '=', 'timebank.service_confirmed')
      .where(sql<boolean>`payload->>'serviceId' = ${req.id}`)
      .execute()
    expect(events.map((e) => e.payload)).toEqual([{ serviceId: req.id, volunteerId: liId, communityId: community, minutes: 30 }])
    expect(await journalOf(c, req.id, 'serve')).toEqual({
      memo: '为陈国华陪伴聊天',
      actorId: daughterId,
      reason: null,
      reversesId: null,
      entries: [
        { kind: 'issuing', user_id: null, slot: expect.any(Number), amount: -30 }, // a system slot: the statement's (confirmations that arrive together share one)
        { kind: 'member', user_id: liId, slot: 0, amount: 30 },
      ],
    })
    // the day of the check-in
    expect(await caps(c, liId)).toMatchObject({ [`D:${businessDate(c.clock.now())}`]: 120, L: lifetimeBefore + 30 })
    expect(await balanceOf(c, liId)).toBe(balanceBefore + 30)
    expect(await c.db.kysely.selectFrom('timebank_journals').select('id').where('request_id', '=', req.id).where('kind', '=', 'draw').execute()).toEqual([])
    await expectTimebankInvariants(c)
  })

  it('by the elder herself, with banked minutes: no acting-for record, and a draw journal to the spent slot', async () => {
    const c = ctx()
    onDay(c, 2)
    const zhao = await c.login('13800000004')
    const li = await c.login('13800000002')
    const staff = await c.login('staff01')
    const zhaoId = await userId(c, '13800000004')
    const liId = await userId(c, '13800000002')
    const topUp = await c.call('POST', '/api/v1/staff/timebank/adjustments', { token: staff, body: { userId: zhaoId, minutes: 30, reason: '纸质记录补记' } })
    expect(topUp.status).toBe(201)
    const banked = await balanceOf(c, zhaoId)
    expect(banked).toBeGreaterThanOrEqual(30)
    const req = await newRequest(c, zhao)
    await serve(c, li, req.id, 45)
    const auditsBefore = (await tableCounts(c.db)).audit_log
    const ok = await c.call('POST', `/api/v1/timebank/requests/${req.id}/confirm`, { token: zhao, body: { rating: 5 } })
    expect(ok.body).toMatchObject({ status: 'confirmed', creditedMinutes: 45, capNote: null, rating: 5, comment: null })
    expect((await requestRow(c, req.id)).confirmed_via).toBe('elder')
    expect((await tableCounts(c.db)).audit_log).toBe(auditsBefore)
    const draw = Math.min(banked, 45)
    expect(await journalOf(c, req.id, 'draw')).toEqual({
      memo: '陪伴聊天使用时长',
      actorId: zhaoId,
      reason: null,
      reversesId: null,
      entries: [
        { kind: 'member', user_id: zhaoId, slot: 0, amount: -draw },
        { kind: 'spent', user_id: null, slot: expect.any(Number), amount: draw },
      ],
    })
    expect(await balanceOf(c, zhaoId)).toBe(banked - draw)
    expect((await lastNotice(c, liId, 'timebank.credited')).body).toBe('为赵秀英的陪伴聊天已确认，记 45 分钟。')
    await expectTimebankInvariants(c)
  })

  it('by the 72-hour job: confirmed by nobody, unrated, the elder told afterwards; a second run and a late confirmation change nothing', async () => {
    const c = ctx()
    onDay(c, 3)
    const zhao = await c.login('13800000004')
    const li = await c.login('13800000002')
    const zhaoId = await userId(c, '13800000004')
    const liId = await userId(c, '13800000002')
    const req = await newRequest(c, zhao)
    await serve(c, li, req.id, 40)
    const before = await requestRow(c, req.id)
    const later = new Date(c.clock.now().getTime() + 73 * 3_600_000)
    await autoConfirmService({ db: c.db.kysely, now: later, payload: { requestId: req.id } })
    expect(await requestRow(c, req.id)).toEqual({ ...before, status: 'confirmed', version: before.version + 1, confirmed_via: 'auto', credited_minutes: 40 })
    expect(before).toMatchObject({ confirmed_by: null, rating: null, comment: null, minutes: 40 })
    const told = { kind: 'timebank.auto_confirmed', title: '服务时长已自动确认', body: '72 小时内没有异议，志愿服务 40 分钟已自动确认。' }
    expect(await lastNotice(c, zhaoId, told.kind)).toEqual({ title: told.title, body: told.body, link: null, outbox: [{ noticeId: expect.any(String), userId: zhaoId, ...told }] })
    expect((await lastNotice(c, liId, 'timebank.credited')).body).toBe('为赵秀英的陪伴聊天已确认，记 40 分钟。')
    expect(await journalOf(c, req.id, 'serve')).toMatchObject({ memo: '为赵秀英陪伴聊天', actorId: null })

    const counts = await tableCounts(c.db)
    await autoConfirmService({ db: c.db.kysely, now: later, payload: { requestId: req.id } })
    const late = await c.call('POST', `/api/v1/timebank/requests/${req.id}/confirm`, { token: zhao, body: { rating: 5 } })
    expect(late.status).toBe(409)
    expect(late.body.error).toMatchObject({ code: 'REQUEST_STATE_CONFLICT', details: { status: 'confirmed', version: before.version + 1 } })
    expect(await tableCounts(c.db)).toEqual(counts)
    await expectTimebankInvariants(c)
  })

  it('a confirmation at a version already passed is a 409 with the current state, and writes nothing', async () => {
    const c = ctx()
    onDay(c, 4)
    const zhao = await c.login('13800000004')
    const li = await c.login('13800000002')
    const req = await newRequest(c, zhao)
    await serve(c, li, req.id, 30)
    const { version } = await requestRow(c, req.id)
    const counts = await tableCounts(c.db)
    const stale = await c.call('POST', `/api/v1/timebank/requests/${req.id}/confirm`, { token: zhao, body: { rating: 5, version: version - 1 } })
    expect(stale.status).toBe(409)
    expect(stale.body.error).toEqual({ code: 'REQUEST_STATE_CONFLICT', message: expect.any(String), details: { status: 'awaiting_confirmation', version } })
    expect(await tableCounts(c.db)).toEqual(counts)
    const ok = await c.call('POST', `/api/v1/timebank/requests/${req.id}/confirm`, { token: zhao, body: { rating: 5, version } })
    expect(ok.body).toMatchObject({ status: 'confirmed', version: version + 1, creditedMinutes: 30 })
  })

  it('the elder confirming while the 72-hour job runs, ten of each at once: one credit, one event, the ledger balanced', async () => {
    const c = ctx()
    onDay(c, 5)
    const zhao = await c.login('13800000004')
    const li = await c.login('13800000002')
    const liId = await userId(c, '13800000002')
    const req = await newRequest(c, zhao)
    await serve(c, li, req.id, 50)
    const balance = await balanceOf(c, liId)
    const before = await requestRow(c, req.id)
    const later = new Date(c.clock.now().getTime() + 73 * 3_600_000)
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        i % 2 === 0
          ? c.call('POST', `/api/v1/timebank/requests/${req.id}/confirm`, { token: zhao, body: { rating: 5 } }).then((r) => r.status)
          : autoConfirmService({ db: c.db.kysely, now: later, payload: { requestId: req.id } }).then(() => 'job'),
      ),
    )
    expect(outcomes.every((o) => o === 'job' || o === 200 || o === 409)).toBe(true)
    expect(await serveJournals(c, req.id)).toBe(1)
    expect(await balanceOf(c, liId)).toBe(balance + 50)
    const events = await sql<{ n: number }>`SELECT count(*)::int AS n FROM outbox WHERE topic = 'timebank.service_confirmed' AND payload->>'serviceId' = ${req.id}`.execute(c.db.kysely)
    expect(events.rows[0].n).toBe(1)
    const row = await requestRow(c, req.id)
    // exactly one transition: the version moved once
    expect(row).toMatchObject({ status: 'confirmed', credited_minutes: 50, version: before.version + 1 })
    const confirmedBy = outcomes.filter((o) => o === 200).length
    expect(confirmedBy <= 1).toBe(true)
    expect(row.confirmed_via).toBe(confirmedBy === 1 ? 'elder' : 'auto')
    await expectTimebankInvariants(c)
  })
})
