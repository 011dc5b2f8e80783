import { describeEachDb } from '../helpers/app'

describeEachDb('counter consent, org units and notices', (ctx) => {
  it('staff record health consent for an elder at the counter; the elder is told who did it', async () => {
    const c = ctx()
    const staff = await c.login('staff01')
    const father = await c.db.kysely.selectFrom('users').select('id').where('name', '=', '陈国华').executeTakeFirstOrThrow()
    const health = (await c.call('GET', '/api/v1/consents/documents/health')).body
    const res = await c.call('POST', `/api/v1/staff/elders/${father.id}/consents`, { token: staff, body: { kind: 'health', version: health.version } })
    expect(res).toEqual({ status: 200, body: { ok: true } })
    const consent = await c.db.kysely.selectFrom('consents').selectAll().where('user_id', '=', father.id).where('kind', '=', 'health').executeTakeFirstOrThrow()
    expect(consent.recorded_by).not.toBeNull()
    const notice = await c.db.kysely.selectFrom('notices').selectAll().where('user_id', '=', father.id).where('kind', '=', 'consent').executeTakeFirstOrThrow()
    expect(notice.body).toContain('刘敏')
    const audit = await c.db.kysely.selectFrom('audit_log').select('action').where('subject_id', '=', father.id).execute()
    expect(audit.map((a) => a.action)).toContain('consent.recorded')
    // a department cannot, and a grid worker is not counter staff: both see no such person
    expect((await c.call('POST', `/api/v1/staff/elders/${father.id}/consents`, { token: await c.login('dept01'), body: { kind: 'health', version: health.version } })).status).toBe(404)
    expect((await c.call('POST', `/api/v1/staff/elders/${father.id}/consents`, { token: await c.login('grid01'), body: { kind: 'health', version: health.version } })).status).toBe(404)
  })

  it('staff see the org units under their own assignment only; residents are refused', async () => {
    const c = ctx()
    const lead = await c.call('GET', '/api/v1/org/units', { token: await c.login('lead01') })
    expect(lead.status).toBe(200)
    const names = lead.body.items.map((u: { name: string }) => u.name)
    expect(names).toEqual(expect.arrayContaining(['天平第一片区', '东湖社区', '高安社区', '建新社区', '东湖社区第一网格']))
    expect(names).not.toContain('乌中社区')
    expect(names).not.toContain('天平街道')
    const admin = await c.call('GET', '/api/v1/org/units', { token: await c.login('admin01') })
    expect(admin.body.items.filter((u: { kind: string }) => u.kind === 'department')).toHaveLength(4)
    expect((await c.call('GET', '/api/v1/org/units', { token: await c.login('13800000001') })).status).toBe(403)
  })

  it('notices page newest first and marking them read clears the unread count', async () => {
    const c = ctx()
    const elder = await c.login('13800000004')
    const member = await c.login('13800000001')
    const unreadBefore = (await c.call('GET', '/api/v1/me', { token: elder })).body.unreadNotices
    await c.call('POST', '/api/v1/family/links', { token: member, body: { elderPhone: '13800000004', relation: 'grandchild', scopes: ['view_hours'] } })
    const link = (await c.call('GET', '/api/v1/me', { token: member })).body.familyLinks[0]
    await c.call('POST', `/api/v1/family/links/${link.id}/revoke`, { token: member, body: {} })
    const first = await c.call('GET', '/api/v1/me/notices?limit=1', { token: elder })
    expect(first.body.items).toHaveLength(1)
    expect(first.body.items[0].kind).toBe('family.revoked')
    const second = await c.call('GET', `/api/v1/me/notices?limit=1&cursor=${first.body.nextCursor}`, { token: elder })
    expect(second.body.items[0].kind).toBe('family.requested')
    expect((await c.call('GET', '/api/v1/me', { token: elder })).body.unreadNotices).toBe(unreadBefore + 2)
    expect((await c.call('POST', '/api/v1/me/notices/read', { token: elder })).body).toEqual({ ok: true })
    expect((await c.call('GET', '/api/v1/me', { token: elder })).body.unreadNotices).toBe(0)
    expect((await c.call('GET', '/api/v1/me/notices', { token: elder })).body.items.every((n: { readAt: string | null }) => n.readAt)).toBe(true)
  })
})
