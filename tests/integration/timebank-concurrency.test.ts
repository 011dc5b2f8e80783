import { sql } from 'kysely'
import { describeEachDb, type TestContext } from '../helpers/app'
import { newId } from '../../cloud/platform/ids'
import { AT_ZHAO, addPerson, balanceOf, expectTimebankInvariants, newRequest, serve, serveJournals, userId } from './timebank-helpers'

/**
 * Races that must have one winner. On PostgreSQL they run in parallel over a pool of 20 connections;
 * PGlite serialises them, which must give the same answers.
 */
describeEachDb('时间银行: concurrent writes', (ctx) => {
  async function volunteers(c: TestContext, n: number, prefix: string): Promise<string[]> {
    const tokens: string[] = []
    for (let i = 0; i < n; i++) {
      const phone = `${prefix}${String(i).padStart(4, '0')}`
      await addPerson(c, { name: `志愿者${i}`, phone, birthDate: '1990-05-05', volunteer: true })
      tokens.push(await c.login(phone))
    }
    return tokens
  }

  it('50 volunteers accept one request at once: exactly one wins, 49 are told it is taken', async () => {
    const c = ctx()
    const tokens = await volunteers(c, 50, '1370000')
    const zhao = await c.login('13800000004')
    const req = await newRequest(c, zhao)
    const answers = await Promise.all(tokens.map((token) => c.call('POST', `/api/v1/timebank/requests/${req.id}/accept`, { token, body: {} })))
    const won = answers.filter((a) => a.status === 200)
    expect(won).toHaveLength(1)
    const lost = answers.filter((a) => a.status !== 200)
    expect(lost).toHaveLength(49)
    expect(lost.every((a) => a.status === 409 && a.body.error.code === 'REQUEST_ALREADY_TAKEN' && a.body.error.details.status === 'accepted')).toBe(true)
    const row = await c.db.kysely.selectFrom('timebank_requests').select(['volunteer_id', 'version', 'status']).where('id', '=', req.id).executeTakeFirstOrThrow()
    expect(row).toEqual({ volunteer_id: won[0].body.volunteerId, version: 2, status: 'accepted' })
  })

  it('30 concurrent confirmations of the same service (with and without Idempotency-Key): one credit', async () => {
    const c = ctx()
    c.clock.advance(3 * 24 * 60)
    const zhao = await c.login('13800000004')
    const daughter = await c.login('13800000003')
    const staff = await c.login('staff01')
    const li = await c.login('13800000002')
    const liId = await userId(c, '13800000002')
    const chen = await userId(c, '陈国华')
    const req = await newRequest(c, daughter, { elderId: chen })
    await serve(c, li, req.id, 55)
    const before = await balanceOf(c, liId)
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        c.call('POST', `/api/v1/timebank/requests/${req.id}/confirm`, {
          token: i % 3 === 0 ? staff : daughter,
          body: { rating: 5 },
          headers: i % 2 === 0 ? { 'Idempotency-Key': `confirm-${req.id.slice(0, 8)}-${i % 4}` } : {},
        }),
      ),
    )
    expect(answers.every((a) => a.status < 500)).toBe(true)
    // the winner's answer may be replayed to a retry with the same key; every other answer is a clean 409
    const confirmed = answers.filter((a) => a.status === 200)
    expect(confirmed.length).toBeGreaterThanOrEqual(1)
    expect(new Set(confirmed.map((a) => a.body.confirmedAt ?? a.body.status))).toEqual(new Set(['confirmed']))
    expect(answers.filter((a) => a.status !== 200).every((a) => a.status === 409)).toBe(true)
    expect(await serveJournals(c, req.id)).toBe(1)
    expect(await balanceOf(c, liId)).toBe(before + 55)
    const events = await sql<{ n: number }>`SELECT count(*)::int AS n FROM outbox WHERE topic = 'timebank.service_confirmed' AND payload->>'serviceId' = ${req.id}`.execute(c.db.kysely)
    expect(events.rows[0].n).toBe(1)
    expect(zhao).toBeTruthy()
    await expectTimebankInvariants(c)
  })

  it('one volunteer, six services confirmed at once on one day: never more than the 120-minute daily cap', async () => {
    const c = ctx()
    c.clock.advance(6 * 24 * 60)
    const zhao = await c.login('13800000004')
    const [vol] = await volunteers(c, 1, '1371000')
    const volId = await userId(c, '13710000000')
    const ids: string[] = []
    for (let i = 0; i < 6; i++) {
      const req = await newRequest(c, zhao)
      await serve(c, vol, req.id, 30)
      ids.push(req.id)
    }
    const answers = await Promise.all(ids.map((id) => c.call('POST', `/api/v1/timebank/requests/${id}/confirm`, { token: zhao, body: { rating: 5 } })))
    expect(answers.every((a) => a.status === 200)).toBe(true)
    expect(answers.reduce((s, a) => s + a.body.creditedMinutes, 0)).toBe(120)
    expect(await balanceOf(c, volId)).toBe(120)
    await expectTimebankInvariants(c)
  })

  it('16 services of 8 volunteers and 8 repeats confirmed at once (they share statements): each answered on its own, 16 credits', async () => {
    const c = ctx()
    c.clock.advance(9 * 24 * 60)
    const zhao = await c.login('13800000004')
    const vols = await volunteers(c, 8, '1373000')
    const ids: string[] = []
    for (const vol of vols) {
      for (let k = 0; k < 2; k++) {
        const req = await newRequest(c, zhao)
        await serve(c, vol, req.id, 20 + k * 5)
        ids.push(req.id)
      }
    }
    const targets = [...ids, ...ids.slice(0, 8)]
    const answers = await Promise.all(targets.map((id) => c.call('POST', `/api/v1/timebank/requests/${id}/confirm`, { token: zhao, body: { rating: 4 } })))
    expect(answers.filter((a) => a.status === 200)).toHaveLength(16)
    expect(answers.filter((a) => a.status !== 200).every((a) => a.status === 409 && a.body.error.code === 'REQUEST_STATE_CONFLICT')).toBe(true)
    for (const id of ids) expect(await serveJournals(c, id)).toBe(1)
    for (let i = 0; i < vols.length; i++) expect(await balanceOf(c, await userId(c, `1373000${String(i).padStart(4, '0')}`))).toBe(45)
    await expectTimebankInvariants(c)
  })

  it('20 gifts of 30 minutes racing over a 150-minute balance: exactly 5 go through, never below zero', async () => {
    const c = ctx()
    const giverPhone = '13720000001'
    const giver = await addPerson(c, { name: '孙丽', phone: giverPhone, birthDate: '1980-01-01' })
    const mother = await userId(c, '13800000004')
    await c.db.kysely
      .insertInto('family_links')
      .values({
        id: newId(),
        elder_id: mother,
        member_id: giver,
        relation: 'child',
        scopes: ['view_hours'],
        status: 'active',
        requested_at: c.clock.now(),
        confirmed_at: c.clock.now(),
        confirmed_via: 'elder',
      })
      .execute()
    // 150 minutes for the giver, posted through the ledger by a confirmed service
    await c.db.kysely
      .insertInto('role_assignments')
      .values({
        id: newId(),
        user_id: giver,
        role: 'volunteer',
        org_unit_id: (await c.db.kysely.selectFrom('users').select('community_id').where('id', '=', giver).executeTakeFirstOrThrow()).community_id!,
        created_at: c.clock.now(),
      })
      .execute()
    const token = await c.login(giverPhone)
    c.clock.advance(9 * 24 * 60)
    const zhao = await c.login('13800000004')
    for (const minutes of [120, 30]) {
      const req = await newRequest(c, zhao, { maxMinutes: 120 })
      await serve(c, token, req.id, minutes)
      await c.call('POST', `/api/v1/timebank/requests/${req.id}/confirm`, { token: zhao, body: { rating: 5 } })
      c.clock.advance(24 * 60)
    }
    expect(await balanceOf(c, giver)).toBe(150)
    const motherBefore = await balanceOf(c, mother)
    const answers = await Promise.all(Array.from({ length: 20 }, () => c.call('POST', '/api/v1/timebank/gifts', { token, body: { toUserId: mother, minutes: 30 } })))
    expect(answers.filter((a) => a.status !== 201).map((a) => a.body.error?.code)).toEqual(Array(15).fill('INSUFFICIENT_MINUTES'))
    expect(answers.filter((a) => a.status === 201)).toHaveLength(5)
    expect(answers.filter((a) => a.status !== 201).every((a) => a.status === 422 && a.body.error.code === 'INSUFFICIENT_MINUTES')).toBe(true)
    expect(await balanceOf(c, giver)).toBe(0)
    expect(await balanceOf(c, mother)).toBe(motherBefore + 150)
    expect(AT_ZHAO).toBeTruthy()
    await expectTimebankInvariants(c)
  })
})
