import { describeEachDb } from '../helpers/app'

describeEachDb('consent and profile', (ctx) => {
  it('privacy policy: read the current text, accept it, and it is no longer pending', async () => {
    const { call, login } = ctx()
    const doc = await call('GET', '/api/v1/consents/documents/privacy')
    expect(doc.status).toBe(200)
    expect(doc.body.title).toContain('隐私政策')
    const token = await login('13800000001')
    const stale = await call('POST', '/api/v1/me/consents', { token, body: { kind: 'privacy', version: '1999-01' } })
    expect(stale.status).toBe(409)
    expect(stale.body.error.details.currentVersion).toBe(doc.body.version)
    const me = await call('POST', '/api/v1/me/consents', { token, body: { kind: 'privacy', version: doc.body.version } })
    expect(me.status).toBe(200)
    expect(me.body.pendingConsents).toEqual([])
    expect(me.body.consents).toEqual([expect.objectContaining({ kind: 'privacy', version: doc.body.version, recordedBy: null })])
  })

  it('health and location consents are separate, stored with time and version, and withdrawable', async () => {
    const { call, login, db } = ctx()
    const token = await login('13800000004')
    const health = (await call('GET', '/api/v1/consents/documents/health')).body
    await call('POST', '/api/v1/me/consents', { token, body: { kind: 'health', version: health.version } })
    // accepting twice keeps one live consent (history kept, never deleted)
    const twice = await call('POST', '/api/v1/me/consents', { token, body: { kind: 'health', version: health.version } })
    expect(twice.body.consents.filter((k: { kind: string }) => k.kind === 'health')).toHaveLength(1)
    const withdrawn = await call('DELETE', '/api/v1/me/consents/health', { token })
    expect(withdrawn.status).toBe(200)
    expect(withdrawn.body.consents.some((k: { kind: string }) => k.kind === 'health')).toBe(false)
    const rows = await db.kysely.selectFrom('consents').innerJoin('users', 'users.id', 'consents.user_id').select(['kind', 'withdrawn_at']).where('users.phone', '=', '13800000004').execute()
    expect(rows.filter((r) => r.kind === 'health')).toHaveLength(2)
    expect(rows.every((r) => r.withdrawn_at !== null)).toBe(true)
    expect((await call('DELETE', '/api/v1/me/consents/health', { token })).status).toBe(404)
    expect((await call('DELETE', '/api/v1/me/consents/gps', { token })).status).toBe(404)
  })

  it('elder mode and community are saved on the person', async () => {
    const { call, login } = ctx()
    const token = await login('13800000003')
    const communities = await call('GET', '/api/v1/org/communities')
    expect(communities.body.items).toHaveLength(5)
    // each with a centre: where a 随手拍 pin placed by hand starts
    for (const c of communities.body.items) expect(c.centre).toEqual({ lat: expect.any(Number), lng: expect.any(Number) })
    const gaoan = communities.body.items.find((c: { name: string }) => c.name === '高安社区')
    const me = await call('PATCH', '/api/v1/me', { token, body: { elderMode: true, communityId: gaoan.id } })
    expect(me.status).toBe(200)
    expect(me.body.user).toMatchObject({ elderMode: true, communityName: '高安社区' })
    expect(me.body.roles).toEqual([expect.objectContaining({ role: 'resident', orgUnitName: '高安社区' })])
    const unknown = await call('PATCH', '/api/v1/me', { token, body: { communityId: '01900000-0000-7000-8000-000000000000' } })
    expect(unknown.status).toBe(404)
    expect((await call('PATCH', '/api/v1/me', { token, body: {} })).status).toBe(400)
  })

  it('staff register an elder without a phone; the ID number is stored masked and hashed, and found again', async () => {
    const { call, login, db } = ctx()
    const staff = await login('staff01')
    const donghu = (await call('GET', '/api/v1/org/communities')).body.items.find((c: { name: string }) => c.name === '东湖社区')
    const res = await call('POST', '/api/v1/staff/elders', {
      token: staff,
      body: { name: '孙桂兰', idNumber: '310104194501011234', birthDate: '1945-01-01', address: '东湖路 5 弄 2 号', communityId: donghu.id },
    })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ name: '孙桂兰', idNumberMasked: '**************1234', age: 81, phoneMasked: null })
    const row = await db.kysely.selectFrom('users').selectAll().where('id', '=', res.body.id).executeTakeFirstOrThrow()
    expect(JSON.stringify(row)).not.toContain('310104194501011234')
    const byId = await call('GET', '/api/v1/staff/elders?q=310104194501011234', { token: staff })
    expect(byId.body.items.map((e: { name: string }) => e.name)).toEqual(['孙桂兰'])
    const again = await call('POST', '/api/v1/staff/elders', {
      token: staff,
      body: { name: '孙桂兰', idNumber: '310104194501011234', birthDate: '1945-01-01', address: '东湖路 5 弄 2 号', communityId: donghu.id },
    })
    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('ELDER_ALREADY_REGISTERED')
    // the counter action is recorded
    const audit = await db.kysely.selectFrom('audit_log').selectAll().where('subject_id', '=', res.body.id).execute()
    expect(audit.map((a) => a.action)).toEqual(['elder.registered'])
  })

  it("another community's staff cannot register into or find people of 东湖 (404 / empty)", async () => {
    const { call, login } = ctx()
    const communities = (await call('GET', '/api/v1/org/communities')).body.items
    const wuzhong = communities.find((c: { name: string }) => c.name === '乌中社区')
    const donghu = communities.find((c: { name: string }) => c.name === '东湖社区')
    const staff = await login('staff01')
    const res = await call('POST', '/api/v1/staff/elders', {
      token: staff,
      body: { name: '路人', idNumber: '310104195001011111', birthDate: '1950-01-01', address: '乌中路 1 号', communityId: wuzhong.id },
    })
    expect(res.status).toBe(404)
    const resident = await login('13800000001')
    const asResident = await call('POST', '/api/v1/staff/elders', {
      token: resident,
      body: { name: '路人', idNumber: '310104195001011111', birthDate: '1950-01-01', address: '东湖路 1 号', communityId: donghu.id },
    })
    expect(asResident.status).toBe(404)
    expect((await call('GET', '/api/v1/staff/elders?q=陈', { token: resident })).status).toBe(403)
    const lead = await login('lead01')
    expect((await call('GET', '/api/v1/staff/elders?q=陈国华', { token: lead })).body.items).toHaveLength(1)
    const dept = await login('dept01')
    expect((await call('GET', '/api/v1/staff/elders?q=陈国华', { token: dept })).status).toBe(403)
  })
})
