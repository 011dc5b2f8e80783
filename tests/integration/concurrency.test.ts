import { describeEachDb } from '../helpers/app'

/**
 * Races that must have one winner. On PostgreSQL these really run in parallel over a pool of
 * connections; PGlite serialises them, which must give the same answers.
 */
describeEachDb('concurrent writes', (ctx) => {
  it('20 logins racing with one SMS code: one wins, one account, the rest refused', async () => {
    const c = ctx()
    await c.call('POST', '/api/v1/auth/sms/send', { body: { phone: '13600000001' } })
    const code = c.sms.sent.at(-1)!.code
    // only one verify can consume the code; the rest must fail cleanly (401), never 500
    const answers = await Promise.all(Array.from({ length: 20 }, () => c.call('POST', '/api/v1/auth/sms/verify', { body: { phone: '13600000001', code } })))
    const statuses = answers.map((a) => a.status)
    expect(statuses.filter((s) => s === 200)).toHaveLength(1)
    // the replays count as wrong codes (and, past five, lock the phone), never as a second login
    expect(statuses.filter((s) => s !== 200).every((s) => s === 401 || s === 429)).toBe(true)
    const users = await c.db.kysely.selectFrom('users').select('id').where('phone', '=', '13600000001').execute()
    expect(users).toHaveLength(1)
    expect(new Set(answers.filter((a) => a.status === 200).map((a) => a.body.user.id))).toEqual(new Set([users[0].id]))
  })

  it('one bind code used by 10 family members at once binds exactly one', async () => {
    const c = ctx()
    const staff = await c.login('staff01')
    const father = await c.db.kysely.selectFrom('users').select('id').where('name', '=', '陈国华').executeTakeFirstOrThrow()
    const { code } = (await c.call('POST', `/api/v1/staff/elders/${father.id}/bind-codes`, { token: staff, body: {} })).body
    const tokens = []
    for (let i = 0; i < 10; i++) {
      const phone = `1350000${String(i).padStart(4, '0')}`
      await c.call('POST', '/api/v1/auth/sms/send', { body: { phone } })
      tokens.push((await c.call('POST', '/api/v1/auth/sms/verify', { body: { phone, code: c.sms.sent.at(-1)!.code } })).body.token)
    }
    const answers = await Promise.all(tokens.map((token) => c.call('POST', '/api/v1/family/links', { token, body: { bindCode: code, relation: 'child', scopes: ['book_checkups'] } })))
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1)
    expect(answers.filter((a) => a.status === 422).every((a) => a.body.error.code === 'BIND_CODE_INVALID')).toBe(true)
    expect(answers.filter((a) => a.status === 422)).toHaveLength(9)
  })

  it('an elder confirming on two devices while the member revokes: exactly one transition wins each state', async () => {
    const c = ctx()
    const member = await c.login('13800000002')
    const elder = await c.login('13800000004')
    const link = (await c.call('POST', '/api/v1/family/links', { token: member, body: { elderPhone: '13800000004', relation: 'other', scopes: ['view_hours'] } })).body
    const answers = await Promise.all([
      c.call('POST', `/api/v1/family/links/${link.id}/confirm`, { token: elder, body: {} }),
      c.call('POST', `/api/v1/family/links/${link.id}/confirm`, { token: elder, body: {} }),
      c.call('POST', `/api/v1/family/links/${link.id}/reject`, { token: elder }),
    ])
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1)
    expect(answers.filter((a) => a.status === 409)).toHaveLength(2)
    const row = await c.db.kysely.selectFrom('family_links').select(['status', 'version']).where('id', '=', link.id).executeTakeFirstOrThrow()
    expect(row.version).toBe(2)
    const memberNotices = await c.db.kysely.selectFrom('notices').select('kind').where('user_id', '=', link.memberId).where('kind', 'in', ['family.confirmed', 'family.rejected']).execute()
    expect(memberNotices).toHaveLength(1)
  })

  it('an elder and staff issuing 10 duplicate link requests at once leave one pending link', async () => {
    const c = ctx()
    const member = await c.login('13800000001')
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => c.call('POST', '/api/v1/family/links', { token: member, body: { elderPhone: '13800000004', relation: 'child', scopes: ['book_checkups'] } })),
    )
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1)
    expect(answers.filter((a) => a.status === 409)).toHaveLength(9)
  })
})
