import { describeEachDb, type TestContext } from '../helpers/app'

async function idOf(ctx: TestContext, phoneOrName: string): Promise<string> {
  const q = ctx.db.kysely.selectFrom('users').select('id')
  const row = await (/^\d+$/.test(phoneOrName) ? q.where('phone', '=', phoneOrName) : q.where('name', '=', phoneOrName)).executeTakeFirstOrThrow()
  return row.id
}

describeEachDb('family binding (亲情账户)', (ctx) => {
  it('by phone: pending until the elder confirms; the family member cannot confirm for them', async () => {
    const c = ctx()
    const daughter = await c.login('13800000003')
    const elder = await c.login('13800000004')
    const asked = await c.call('POST', '/api/v1/family/links', {
      token: daughter,
      body: { elderPhone: '13800000004', relation: 'child', scopes: ['book_checkups', 'receive_notices'] },
    })
    expect(asked.status).toBe(201)
    expect(asked.body).toMatchObject({ elderName: '赵秀英', memberName: '陈静', status: 'pending', confirmedAt: null })
    const notices = await c.call('GET', '/api/v1/me/notices', { token: elder })
    expect(notices.body.items[0]).toMatchObject({ kind: 'family.requested', readAt: null })
    expect((await c.call('GET', '/api/v1/me', { token: elder })).body.unreadNotices).toBeGreaterThan(0)

    const selfConfirm = await c.call('POST', `/api/v1/family/links/${asked.body.id}/confirm`, { token: daughter, body: {} })
    expect(selfConfirm.status).toBe(403)
    const confirmed = await c.call('POST', `/api/v1/family/links/${asked.body.id}/confirm`, { token: elder, body: {} })
    expect(confirmed.status).toBe(200)
    expect(confirmed.body).toMatchObject({ status: 'active', confirmedVia: 'elder' })
    const twice = await c.call('POST', `/api/v1/family/links/${asked.body.id}/confirm`, { token: elder, body: {} })
    expect(twice.status).toBe(409)
    expect(twice.body.error.details.status).toBe('active')

    const dup = await c.call('POST', '/api/v1/family/links', {
      token: daughter,
      body: { elderPhone: '13800000004', relation: 'child', scopes: ['view_hours'] },
    })
    expect(dup.status).toBe(409)
    expect(dup.body.error.code).toBe('FAMILY_LINK_EXISTS')

    // either side can end it; the other side is told
    const revoked = await c.call('POST', `/api/v1/family/links/${asked.body.id}/revoke`, { token: daughter, body: { reason: '换了手机' } })
    expect(revoked.body.status).toBe('revoked')
    const elderNotices = (await c.call('GET', '/api/v1/me/notices', { token: elder })).body.items
    expect(elderNotices[0]).toMatchObject({ kind: 'family.revoked' })
    expect(elderNotices[0].body).toContain('换了手机')
    // ended links leave /me but stay in the table
    expect((await c.call('GET', '/api/v1/me', { token: daughter })).body.familyLinks.map((l: { elderName: string }) => l.elderName)).toEqual(['陈国华'])
  })

  it('the elder can refuse; a stranger cannot even see the link', async () => {
    const c = ctx()
    const volunteer = await c.login('13800000002')
    const elder = await c.login('13800000004')
    const asked = await c.call('POST', '/api/v1/family/links', {
      token: volunteer,
      body: { elderPhone: '13800000004', relation: 'other', scopes: ['request_services'] },
    })
    const stranger = await c.login('13800000001')
    expect((await c.call('POST', `/api/v1/family/links/${asked.body.id}/reject`, { token: stranger })).status).toBe(404)
    expect((await c.call('POST', `/api/v1/family/links/${asked.body.id}/revoke`, { token: stranger, body: {} })).status).toBe(404)
    const rejected = await c.call('POST', `/api/v1/family/links/${asked.body.id}/reject`, { token: elder })
    expect(rejected.body.status).toBe('rejected')
    const told = (await c.call('GET', '/api/v1/me/notices', { token: volunteer })).body.items
    expect(told[0].kind).toBe('family.rejected')
  })

  it('staff confirm at the counter only when declaring the elder present; it is recorded and the elder told', async () => {
    const c = ctx()
    const member = await c.login('13800000001')
    const asked = await c.call('POST', '/api/v1/family/links', {
      token: member,
      body: { elderPhone: '13800000004', relation: 'grandchild', scopes: ['book_checkups'] },
    })
    const staff = await c.login('staff01')
    const pending = await c.call('GET', '/api/v1/staff/family/links?status=pending', { token: staff })
    expect(pending.body.items.map((l: { id: string }) => l.id)).toContain(asked.body.id)
    const noPresence = await c.call('POST', `/api/v1/family/links/${asked.body.id}/confirm`, { token: staff, body: {} })
    expect(noPresence.status).toBe(422)
    expect(noPresence.body.error.code).toBe('ELDER_PRESENCE_REQUIRED')
    // staff of another cluster's community do not see it at all
    const dept = await c.login('dept01')
    expect((await c.call('POST', `/api/v1/family/links/${asked.body.id}/confirm`, { token: dept, body: { elderPresent: true } })).status).toBe(404)
    const ok = await c.call('POST', `/api/v1/family/links/${asked.body.id}/confirm`, { token: staff, body: { elderPresent: true } })
    expect(ok.body).toMatchObject({ status: 'active', confirmedVia: 'counter' })
    const elderId = await idOf(c, '13800000004')
    const audit = await c.db.kysely.selectFrom('audit_log').selectAll().where('subject_id', '=', elderId).execute()
    expect(audit.map((a) => a.action)).toContain('family.confirmed_at_counter')
    const elderNotices = (await c.call('GET', '/api/v1/me/notices', { token: await c.login('13800000004') })).body.items
    expect(elderNotices.map((n: { kind: string }) => n.kind)).toContain('family.linked')
  })

  it('an elder without a phone: staff print a one-time bind code; the son binds from elsewhere at once', async () => {
    const c = ctx()
    const staff = await c.login('staff01')
    const father = await idOf(c, '陈国华')
    const issued = await c.call('POST', `/api/v1/staff/elders/${father}/bind-codes`, { token: staff, body: { scopes: ['book_checkups', 'receive_notices'] } })
    expect(issued.status).toBe(201)
    expect(issued.body.code).toMatch(/^\d{12}$/)
    expect(issued.body.qrDataUrl).toMatch(/^data:image\/png;base64,/)
    const son = await c.call('POST', '/api/v1/auth/sms/send', { body: { phone: '13700000009' } })
    expect(son.status).toBe(200)
    const sonToken = (await c.call('POST', '/api/v1/auth/sms/verify', { body: { phone: '13700000009', code: c.sms.sent.at(-1)!.code } })).body.token
    const linked = await c.call('POST', '/api/v1/family/links', {
      token: sonToken,
      body: { bindCode: issued.body.code, relation: 'child', scopes: ['book_checkups', 'request_services'] },
    })
    expect(linked.status).toBe(201)
    // only what the elder agreed to at the counter
    expect(linked.body).toMatchObject({ status: 'active', confirmedVia: 'counter', scopes: ['book_checkups'], elderName: '陈国华' })
    const reuse = await c.call('POST', '/api/v1/family/links', {
      token: await c.login('13800000001'),
      body: { bindCode: issued.body.code, relation: 'child', scopes: ['book_checkups'] },
    })
    expect(reuse.status).toBe(422)
    expect(reuse.body.error.code).toBe('BIND_CODE_INVALID')
  })

  it('bind codes expire after 7 days; codes for people outside the scope cannot be issued', async () => {
    const c = ctx()
    const staff = await c.login('staff01')
    const father = await idOf(c, '陈国华')
    const issued = await c.call('POST', `/api/v1/staff/elders/${father}/bind-codes`, { token: staff, body: {} })
    c.clock.advance(7 * 24 * 60 + 1)
    const late = await c.call('POST', '/api/v1/family/links', {
      token: await c.login('13800000001'),
      body: { bindCode: issued.body.code, relation: 'child', scopes: ['book_checkups'] },
    })
    expect(late.status).toBe(422)
    c.clock.advance(-(7 * 24 * 60 + 1))
    const dept = await c.login('dept01')
    expect((await c.call('POST', `/api/v1/staff/elders/${father}/bind-codes`, { token: dept, body: {} })).status).toBe(404)
  })

  it('no binding to oneself, unknown phones are clear errors, and nothing is written', async () => {
    const c = ctx()
    const token = await c.login('13800000004')
    const before = await c.db.kysely
      .selectFrom('family_links')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    const self = await c.call('POST', '/api/v1/family/links', { token, body: { elderPhone: '13800000004', relation: 'child', scopes: ['book_checkups'] } })
    expect(self.body.error.code).toBe('CANNOT_LINK_SELF')
    const unknown = await c.call('POST', '/api/v1/family/links', { token, body: { elderPhone: '13999999999', relation: 'child', scopes: ['book_checkups'] } })
    expect(unknown.status).toBe(404)
    const both = await c.call('POST', '/api/v1/family/links', { token, body: { elderPhone: '13999999999', bindCode: '12345678', relation: 'child', scopes: ['book_checkups'] } })
    expect(both.status).toBe(400)
    const after = await c.db.kysely
      .selectFrom('family_links')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    expect(Number(after.n)).toBe(Number(before.n))
  })
})
