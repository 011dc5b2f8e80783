import { describeEachDb } from '../helpers/app'

describeEachDb('login', (ctx) => {
  it('SMS: a code sent to a new phone logs in and creates a resident who must accept the privacy policy', async () => {
    const { call, sms } = ctx()
    const sent = await call('POST', '/api/v1/auth/sms/send', { body: { phone: '13912345678' } })
    expect(sent.status).toBe(200)
    expect(sent.body).toMatchObject({ sent: true, expiresInSeconds: 300 })
    const code = sms.sent.find((s) => s.phone === '13912345678')!.code
    expect(code).toMatch(/^\d{6}$/)
    const verified = await call('POST', '/api/v1/auth/sms/verify', { body: { phone: '13912345678', code } })
    expect(verified.status).toBe(200)
    expect(verified.body.user).toMatchObject({ name: '居民5678', phoneMasked: '139****5678', isStaff: false })
    const me = await call('GET', '/api/v1/me', { token: verified.body.token })
    expect(me.status).toBe(200)
    expect(me.body.pendingConsents).toEqual(['privacy'])
    expect(me.body.roles).toEqual([])
    // a code works once
    const again = await call('POST', '/api/v1/auth/sms/verify', { body: { phone: '13912345678', code } })
    expect(again.status).toBe(401)
  })

  it('SMS: one send per minute per phone', async () => {
    const { call, clock } = ctx()
    expect((await call('POST', '/api/v1/auth/sms/send', { body: { phone: '13912340001' } })).status).toBe(200)
    const second = await call('POST', '/api/v1/auth/sms/send', { body: { phone: '13912340001' } })
    expect(second.status).toBe(429)
    expect(second.body.error.code).toBe('SMS_TOO_FREQUENT')
    clock.advance(1)
    expect((await call('POST', '/api/v1/auth/sms/send', { body: { phone: '13912340001' } })).status).toBe(200)
  })

  it('SMS: codes expire after 5 minutes', async () => {
    const { call, sms, clock } = ctx()
    await call('POST', '/api/v1/auth/sms/send', { body: { phone: '13912340002' } })
    const code = sms.sent.filter((s) => s.phone === '13912340002').at(-1)!.code
    clock.advance(6)
    const res = await call('POST', '/api/v1/auth/sms/verify', { body: { phone: '13912340002', code } })
    expect(res.status).toBe(401)
    expect(res.body.error.code).toBe('SMS_CODE_EXPIRED')
  })

  it('SMS: five wrong codes lock the phone for 15 minutes, even against the right code', async () => {
    const { call, sms, clock } = ctx()
    await call('POST', '/api/v1/auth/sms/send', { body: { phone: '13912340003' } })
    const code = sms.sent.filter((s) => s.phone === '13912340003').at(-1)!.code
    const wrong = code === '000000' ? '111111' : '000000'
    const answers = []
    for (let i = 0; i < 5; i++) answers.push(await call('POST', '/api/v1/auth/sms/verify', { body: { phone: '13912340003', code: wrong } }))
    expect(answers.slice(0, 4).map((a) => a.body.error.code)).toEqual(Array(4).fill('SMS_CODE_INVALID'))
    expect(answers[3].body.error.details.attemptsLeft).toBe(1)
    expect(answers[4].status).toBe(429)
    const right = await call('POST', '/api/v1/auth/sms/verify', { body: { phone: '13912340003', code } })
    expect(right.status).toBe(429)
    expect((await call('POST', '/api/v1/auth/sms/send', { body: { phone: '13912340003' } })).status).toBe(429)
    clock.advance(16)
    expect((await call('POST', '/api/v1/auth/sms/send', { body: { phone: '13912340003' } })).status).toBe(200)
    clock.advance(-16)
  })

  it('demo accounts accept 123456; other phones do not', async () => {
    const { call } = ctx()
    const demo = await call('POST', '/api/v1/auth/sms/verify', { body: { phone: '13800000001', code: '123456' } })
    expect(demo.status).toBe(200)
    expect(demo.body.user.name).toBe('王芳')
    const stranger = await call('POST', '/api/v1/auth/sms/verify', { body: { phone: '13912340004', code: '123456' } })
    expect(stranger.status).toBe(401)
  })

  it('GET /me returns the person, roles, family links and consents; no token is 401', async () => {
    const { call, login } = ctx()
    const token = await login('13800000002')
    const me = await call('GET', '/api/v1/me', { token })
    expect(me.body.user.name).toBe('李强')
    expect(me.body.roles.map((r: { role: string }) => r.role).sort()).toEqual(['resident', 'volunteer'])
    expect(me.body.roles[0].orgUnitName).toBe('东湖社区')
    const daughter = await call('GET', '/api/v1/me', { token: await login('13800000003') })
    expect(daughter.body.familyLinks).toEqual([expect.objectContaining({ elderName: '陈国华', relation: 'child', status: 'active', confirmedVia: 'counter' })])
    const none = await call('GET', '/api/v1/me')
    expect(none.status).toBe(401)
    expect(none.body.error).toMatchObject({ code: 'UNAUTHENTICATED', message: '请先登录' })
    expect((await call('GET', '/api/v1/me', { token: token + 'x' })).status).toBe(401)
  })

  it('sessions expire', async () => {
    const { call, login, clock } = ctx()
    const token = await login('13800000001')
    // used, then used again after its expiry
    expect((await call('GET', '/api/v1/me', { token })).status).toBe(200)
    expect((await call('GET', '/api/v1/me/points', { token })).status).toBe(200)
    clock.advance(31 * 24 * 60)
    const res = await call('GET', '/api/v1/me', { token })
    expect(res.status).toBe(401)
    expect(res.body.error.code).toBe('TOKEN_EXPIRED')
    clock.advance(-31 * 24 * 60)
  })

  it('staff: password login; ten failures lock the account for 30 minutes', async () => {
    const { call, clock } = ctx()
    const ok = await call('POST', '/api/v1/auth/staff/login', { body: { username: 'lead01', password: 'demo1234' } })
    expect(ok.status).toBe(200)
    expect(ok.body.user.isStaff).toBe(true)
    for (let i = 0; i < 10; i++) {
      const bad = await call('POST', '/api/v1/auth/staff/login', { body: { username: 'lead01', password: 'wrong' } })
      expect(bad.body.error.code).toBe('BAD_CREDENTIALS')
    }
    const locked = await call('POST', '/api/v1/auth/staff/login', { body: { username: 'lead01', password: 'demo1234' } })
    expect(locked.status).toBe(429)
    expect(locked.body.error.code).toBe('ACCOUNT_LOCKED')
    clock.advance(31)
    expect((await call('POST', '/api/v1/auth/staff/login', { body: { username: 'lead01', password: 'demo1234' } })).status).toBe(200)
    clock.advance(-31)
    const unknown = await call('POST', '/api/v1/auth/staff/login', { body: { username: 'nobody', password: 'demo1234' } })
    expect(unknown.body.error.code).toBe('BAD_CREDENTIALS')
  })

  it('WeChat over HTTP without an AppID answers 422, never trusting a client openid', async () => {
    const { call } = ctx()
    const res = await call('POST', '/api/v1/auth/wechat', { body: { code: 'abc', OPENID: 'spoofed' } })
    expect(res.status).toBe(422)
    expect(res.body.error.code).toBe('WECHAT_NOT_CONFIGURED')
  })
})
