import { SignJWT } from 'jose'
import { createTestContext, describeEachDb, type TestContext } from '../helpers/app'
import { hashPassword, signSession } from '../../cloud/platform/auth'
import { endAllSessions } from '../../cloud/accounts/end-all-sessions'

// Issue 20 (items 1–6). Client addresses come from X-Forwarded-For: these apps run with TRUST_PROXY on.

async function idOf(c: TestContext, phoneOrName: string): Promise<string> {
  const q = c.db.kysely.selectFrom('users').select('id')
  const row = await (
    /^\d+$/.test(phoneOrName) ? q.where('phone', '=', phoneOrName) : q.where((eb) => eb.or([eb('name', '=', phoneOrName), eb('username', '=', phoneOrName)]))
  ).executeTakeFirstOrThrow()
  return row.id
}

function staffLogin(c: TestContext, username: string, password: string, from: string, deviceToken?: string) {
  return c.call('POST', '/api/v1/auth/staff/login', {
    body: { username, password },
    headers: { 'x-forwarded-for': from, ...(deviceToken ? { 'x-device-token': deviceToken } : {}) },
  })
}

function countCodes(answers: { body: { error?: { code: string } } }[]): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const a of answers) {
    const code = a.body.error?.code ?? 'OK'
    counts[code] = (counts[code] ?? 0) + 1
  }
  return counts
}

describeEachDb(
  'security (issue 20)',
  (ctx) => {
    it('1. 300 wrong passwords at once: exactly 10 are judged, the rest refused as locked; the right one is refused while locked; the owner gets in from elsewhere', async () => {
      const c = ctx()
      const burst = await Promise.all(Array.from({ length: 300 }, () => staffLogin(c, 'dept01', 'wrong-password', '198.51.100.7')))
      const counts = countCodes(burst)
      expect(counts).toEqual({ BAD_CREDENTIALS: 10, ACCOUNT_LOCKED: 290 })
      expect(burst.filter((a) => a.body.error.code === 'ACCOUNT_LOCKED').every((a) => a.status === 429 && a.body.error.details.retryAt)).toBe(true)
      const right = await staffLogin(c, 'dept01', 'demo1234', '198.51.100.7')
      expect([right.status, right.body.error?.code]).toEqual([429, 'ACCOUNT_LOCKED'])
      // the owner, from their own address, is not locked out by the attacker's burst
      const owner = await staffLogin(c, 'dept01', 'demo1234', '192.0.2.10')
      expect(owner.status).toBe(200)
      expect((await c.call('GET', '/api/v1/me', { token: owner.body.token })).body.user.name).toBe('孙浩')
    })

    it('2. lockout is per (account, address) with back-off; an account-wide lock still lets the owner in from a known device', async () => {
      const c = ctx()
      const first = await staffLogin(c, 'grid01', 'demo1234', '192.0.2.20')
      expect(first.status).toBe(200)
      const deviceToken: string = first.body.deviceToken
      expect(deviceToken).toMatch(/^[A-Za-z0-9_-]{40,}$/)

      // one address: 10 wrong → locked 15 min; after it, 10 more → locked 30 min (doubling)
      for (let i = 0; i < 10; i++) expect((await staffLogin(c, 'grid01', 'nope', '203.0.113.1')).body.error.code).toBe('BAD_CREDENTIALS')
      expect((await staffLogin(c, 'grid01', 'demo1234', '203.0.113.1')).body.error.code).toBe('ACCOUNT_LOCKED')
      c.clock.advance(16)
      for (let i = 0; i < 10; i++) expect((await staffLogin(c, 'grid01', 'nope', '203.0.113.1')).body.error.code).toBe('BAD_CREDENTIALS')
      c.clock.advance(16)
      expect((await staffLogin(c, 'grid01', 'demo1234', '203.0.113.1')).body.error.code).toBe('ACCOUNT_LOCKED')
      c.clock.advance(15)
      expect((await staffLogin(c, 'grid01', 'demo1234', '203.0.113.1')).status).toBe(200)
      c.clock.advance(-47)

      // many addresses together (100 wrong) lock the account for every new address ...
      for (let a = 2; a <= 11; a++) {
        for (let i = 0; i < 10; i++) await staffLogin(c, 'grid01', 'nope', `203.0.113.${a}`)
      }
      const stranger = await staffLogin(c, 'grid01', 'demo1234', '192.0.2.99')
      expect([stranger.status, stranger.body.error.code, stranger.body.error.details.knownDeviceOnly]).toEqual([429, 'ACCOUNT_LOCKED', true])
      // ... but the owner's known device gets in, even from an address the attacker locked
      const owner = await staffLogin(c, 'grid01', 'demo1234', '203.0.113.2', deviceToken)
      expect(owner.status).toBe(200)
      expect(owner.body.deviceToken).toBe(deviceToken)
      // a device token of someone else's account is no key
      const other = await staffLogin(c, 'lead01', 'demo1234', '192.0.2.30')
      expect((await staffLogin(c, 'grid01', 'demo1234', '192.0.2.99', other.body.deviceToken)).body.error.code).toBe('ACCOUNT_LOCKED')
    })

    it('2. SMS: a stranger’s wrong codes lock only the stranger; a fresh code is not voided by earlier tries; success resets', async () => {
      const c = ctx()
      const phone = '13912349001'
      const send = (from: string) => c.call('POST', '/api/v1/auth/sms/send', { body: { phone }, headers: { 'x-forwarded-for': from } })
      const verify = (code: string, from: string) => c.call('POST', '/api/v1/auth/sms/verify', { body: { phone, code }, headers: { 'x-forwarded-for': from } })
      expect((await send('192.0.2.40')).status).toBe(200)
      const code = c.sms.sent.filter((s) => s.phone === phone).at(-1)!.code
      const wrong = code === '000000' ? '111111' : '000000'
      const attacker = []
      for (let i = 0; i < 5; i++) attacker.push(await verify(wrong, '198.51.100.50'))
      expect(attacker.map((a) => a.body.error.code)).toEqual(['SMS_CODE_INVALID', 'SMS_CODE_INVALID', 'SMS_CODE_INVALID', 'SMS_CODE_INVALID', 'SMS_LOCKED'])
      expect((await verify(code, '198.51.100.50')).body.error.code).toBe('SMS_LOCKED')
      // the owner, elsewhere, still logs in with the code they got
      expect((await verify(code, '192.0.2.40')).status).toBe(200)

      // wrong tries from many addresses (9 on one code), then the owner asks for a new code:
      // the fresh code starts clean, so one more wrong try does not void it
      c.clock.advance(1)
      await send('192.0.2.40')
      for (let a = 1; a <= 3; a++) for (let i = 0; i < 3; i++) await verify(wrong, `198.51.100.${60 + a}`)
      c.clock.advance(1)
      expect((await send('192.0.2.40')).status).toBe(200)
      const fresh = c.sms.sent.filter((s) => s.phone === phone).at(-1)!.code
      const freshWrong = fresh === '000000' ? '111111' : '000000'
      expect((await verify(freshWrong, '198.51.100.70')).body.error.code).toBe('SMS_CODE_INVALID')
      expect((await verify(fresh, '192.0.2.40')).status).toBe(200)

      // success resets the address's count: 4 wrong + right, twice over, never locks
      for (let round = 0; round < 2; round++) {
        c.clock.advance(1)
        await send('192.0.2.41')
        const mine = c.sms.sent.filter((s) => s.phone === phone).at(-1)!.code
        for (let i = 0; i < 4; i++) expect((await verify(mine === '000000' ? '111111' : '000000', '192.0.2.41')).body.error.code).toBe('SMS_CODE_INVALID')
        expect((await verify(mine, '192.0.2.41')).status).toBe(200)
      }
      c.clock.advance(-4)
    })

    it('3. logout ends this session, logout-all ends every one; tokens without exp are refused', async () => {
      const c = ctx()
      const a = await c.login('13800000001')
      const b = await c.login('13800000001')
      expect((await c.call('GET', '/api/v1/me', { token: a })).status).toBe(200)
      expect((await c.call('POST', '/api/v1/auth/logout', { token: a })).status).toBe(200)
      const ended = await c.call('GET', '/api/v1/me', { token: a })
      expect([ended.status, ended.body.error.code]).toEqual([401, 'SESSION_ENDED'])
      expect((await c.call('GET', '/api/v1/me', { token: b })).status).toBe(200)
      expect((await c.call('POST', '/api/v1/auth/logout-all', { token: b })).status).toBe(200)
      expect((await c.call('GET', '/api/v1/me', { token: b })).status).toBe(401)
      const again = await c.login('13800000001')
      expect((await c.call('GET', '/api/v1/me', { token: again })).status).toBe(200)

      const userId = await idOf(c, '13800000001')
      const key = new TextEncoder().encode(c.deps.config.jwtSecret)
      const noExp = await new SignJWT({ sv: 1 }).setProtectedHeader({ alg: 'HS256' }).setSubject(userId).setJti('0193a000-0000-7000-8000-000000000001').setIssuedAt().setIssuer('linli').sign(key)
      expect((await c.call('GET', '/api/v1/me', { token: noExp })).status).toBe(401)
    })

    it('3. a password change, a role change and endAllSessions (disable) end the sessions', async () => {
      const c = ctx()
      const db = c.db.kysely
      const staff = await c.login('health01')
      const staffId = await idOf(c, 'health01')
      await db
        .updateTable('users')
        .set({ password_hash: await hashPassword('a-new-password') })
        .where('id', '=', staffId)
        .execute()
      expect((await c.call('GET', '/api/v1/me', { token: staff })).status).toBe(401)

      const lead = await c.login('lead01')
      const leadId = await idOf(c, 'lead01')
      const grid = (await db.selectFrom('org_units').select('id').where('kind', '=', 'grid').executeTakeFirstOrThrow()).id
      await db.updateTable('role_assignments').set({ org_unit_id: grid, role: 'grid_worker' }).where('user_id', '=', leadId).execute()
      expect((await c.call('GET', '/api/v1/me', { token: lead })).status).toBe(401)
      const relogged = await c.login('lead01')
      expect((await c.call('GET', '/api/v1/me', { token: relogged })).body.roles.map((r: { role: string }) => r.role)).toEqual(['grid_worker'])

      // a resident moving to another community keeps her session (only the resident role is swapped)
      const mover = await c.login('13800000001')
      const gaoan = (await db.selectFrom('org_units').select('id').where('name', '=', '高安社区').executeTakeFirstOrThrow()).id
      expect((await c.call('PATCH', '/api/v1/me', { token: mover, body: { communityId: gaoan } })).status).toBe(200)
      expect((await c.call('GET', '/api/v1/me', { token: mover })).body.user.communityName).toBe('高安社区')

      const resident = await c.login('13800000004')
      await endAllSessions(db, await idOf(c, '13800000004'))
      expect((await c.call('GET', '/api/v1/me', { token: resident })).status).toBe(401)
    })

    it('5. bind codes: 12 digits, 48 hours, guessing is refused after the limit and staff are told', async () => {
      const c = ctx()
      const staff = await c.login('staff01')
      const elderId = await idOf(c, '赵秀英')
      const issued = await c.call('POST', `/api/v1/staff/elders/${elderId}/bind-codes`, { token: staff, body: {} })
      expect(issued.status).toBe(201)
      expect(issued.body.code).toMatch(/^\d{12}$/)
      expect(new Date(issued.body.expiresAt).getTime() - c.clock.now().getTime()).toBe(48 * 3600_000)

      const guesser = await c.login('13800000002')
      const guess = (code: string, token = guesser, from = '198.51.100.80') =>
        c.call('POST', '/api/v1/family/links', { token, headers: { 'x-forwarded-for': from }, body: { bindCode: code, relation: 'child', scopes: ['book_checkups'] } })
      const answers = []
      for (let i = 0; i < 6; i++) answers.push(await guess(String(100000000000 + i)))
      expect(answers.slice(0, 5).map((a) => a.body.error.code)).toEqual(Array(5).fill('BIND_CODE_INVALID'))
      expect([answers[5].status, answers[5].body.error.code]).toEqual([429, 'BIND_CODE_LOCKED'])
      // even the right code is refused to this person while the lock holds
      expect((await guess(issued.body.code)).body.error.code).toBe('BIND_CODE_LOCKED')
      // staff of the street are told that codes are being guessed
      const admin = await c.login('admin01')
      const notices = (await c.call('GET', '/api/v1/me/notices', { token: admin })).body.items
      expect(notices.some((n: { kind: string }) => n.kind === 'family.bind_code_guessing')).toBe(true)

      // per address: several accounts from one address are stopped too
      const tokens = await Promise.all(
        ['13912348001', '13912348002', '13912348003', '13912348004', '13912348005'].map(async (phone) => {
          await c.call('POST', '/api/v1/auth/sms/send', { body: { phone } })
          const code = c.sms.sent.filter((s) => s.phone === phone).at(-1)!.code
          return (await c.call('POST', '/api/v1/auth/sms/verify', { body: { phone, code } })).body.token as string
        }),
      )
      const fromOne = []
      for (const t of tokens) for (let i = 0; i < 4; i++) fromOne.push(await guess(String(200000000000 + fromOne.length), t, '198.51.100.81'))
      // 5 people × 4 wrong codes: each under their own limit, but the address has had its 20
      expect(fromOne.map((a) => a.body.error.code)).toEqual(Array(20).fill('BIND_CODE_INVALID'))
      const next = await guess('300000000000', tokens[0], '198.51.100.81')
      expect([next.status, next.body.error.code]).toEqual([429, 'BIND_CODE_LOCKED'])
      // the real daughter, from her own address, binds with the code
      const daughter = await c.login('13800000001')
      const bound = await guess(issued.body.code, daughter, '192.0.2.50')
      expect(bound.status).toBe(201)
    })

    it('6. after revoking her link, 陈静 cannot read, cancel or list the requests and bookings she made for her father', async () => {
      const c = ctx()
      const daughter = await c.login('13800000003')
      const father = await idOf(c, '陈国华')
      const mine = await c.call('GET', '/api/v1/me/timebank/requests?role=mine', { token: daughter })
      const requestIds: string[] = mine.body.items.filter((r: { elderName: string }) => r.elderName === '陈国华').map((r: { id: string }) => r.id)
      expect(requestIds.length).toBeGreaterThan(0)
      await c.call('POST', '/api/v1/me/consents', { token: daughter, body: { kind: 'health', version: '2026-11' } })
      const campaigns = await c.call('GET', '/api/v1/checkups/campaigns', { token: daughter })
      const campaign = campaigns.body.items.find((k: { communityName: string }) => k.communityName === '东湖社区')
      const sessions = (await c.call('GET', `/api/v1/checkups/campaigns/${campaign.id}/sessions`, { token: daughter })).body.items
      const booking = await c.call('POST', '/api/v1/checkups/bookings', { token: daughter, body: { elderId: father, sessionId: sessions[0].id } })
      expect(booking.status).toBe(201)

      const link = (await c.call('GET', '/api/v1/me', { token: daughter })).body.familyLinks.find((l: { elderName: string }) => l.elderName === '陈国华')
      expect((await c.call('POST', `/api/v1/family/links/${link.id}/revoke`, { token: daughter, body: { reason: '测试' } })).status).toBe(200)

      for (const id of requestIds) {
        expect((await c.call('GET', `/api/v1/timebank/requests/${id}`, { token: daughter })).status).toBe(404)
        expect((await c.call('POST', `/api/v1/timebank/requests/${id}/cancel`, { token: daughter, body: { reason: '不需要了' } })).status).toBe(404)
      }
      const after = await c.call('GET', '/api/v1/me/timebank/requests?role=mine', { token: daughter })
      expect(after.body.items.filter((r: { elderName: string }) => r.elderName === '陈国华')).toEqual([])
      expect((await c.call('GET', `/api/v1/checkups/bookings/${booking.body.id}`, { token: daughter })).status).toBe(404)
      expect((await c.call('POST', `/api/v1/checkups/bookings/${booking.body.id}/cancel`, { token: daughter, body: {} })).status).toBe(404)
      const checkups = await c.call('GET', '/api/v1/me/checkups', { token: daughter })
      expect(JSON.stringify(checkups.body)).not.toContain(booking.body.id)
      // minutes cannot be given to him any more either
      const gift = await c.call('POST', '/api/v1/timebank/gifts', { token: daughter, body: { toUserId: father, minutes: 30 } })
      expect(gift.status).toBeGreaterThanOrEqual(400)
      expect(gift.status).toBeLessThan(500)
      // the elder's side still works: the request is there for staff
      const staff = await c.login('staff01')
      expect((await c.call('GET', `/api/v1/timebank/requests/${requestIds[0]}`, { token: staff })).status).toBe(200)
    })
  },
  { trustProxy: true },
)

describeEachDb('security: demo accounts with demo mode off (issue 20 item 4)', (ctx) => {
  it('demo accounts cannot log in by password, SMS or WeChat, their tokens are refused, and the demo Open311 key stays refused', async () => {
    const prod = await createTestContext(ctx().kind, { demoMode: false })
    try {
      const admin = await prod.call('POST', '/api/v1/auth/staff/login', { body: { username: 'admin01', password: 'demo1234' } })
      expect([admin.status, admin.body.error?.code]).toEqual([403, 'DEMO_ACCOUNT_DISABLED'])
      // a real code sent to a demo phone does not open the demo account
      await prod.call('POST', '/api/v1/auth/sms/send', { body: { phone: '13800000001' } })
      const code = prod.sms.sent.filter((s) => s.phone === '13800000001').at(-1)!.code
      const sms = await prod.call('POST', '/api/v1/auth/sms/verify', { body: { phone: '13800000001', code } })
      expect([sms.status, sms.body.error?.code]).toEqual([403, 'DEMO_ACCOUNT_DISABLED'])
      expect((await prod.call('POST', '/api/v1/auth/sms/verify', { body: { phone: '13800000002', code: '123456' } })).status).toBe(401)
      // WeChat: an openid that belongs to a demo account
      const liId = await idOf(prod, '13800000002')
      await prod.db.kysely.updateTable('users').set({ wx_openid: 'o-demo-li' }).where('id', '=', liId).execute()
      const wx = await prod.app.request('/api/v1/auth/wechat', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }, { wxContext: { OPENID: 'o-demo-li' } })
      expect(wx.status).toBe(403)
      // a token issued while demo mode was on
      const { token } = await signSession(liId, prod.deps.config.jwtSecret, prod.clock.now(), 30, 0)
      expect((await prod.call('GET', '/api/v1/me', { token })).status).toBe(401)
      const open311 = await prod.app.request('/open311/v2/requests.json', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ api_key: 'demo-open311-key', service_code: 'noise', lat: '31.2', long: '121.44', description: '深夜施工噪音很大' }).toString(),
      })
      expect(open311.status).toBe(403)
    } finally {
      await prod.close()
    }
  })
})
