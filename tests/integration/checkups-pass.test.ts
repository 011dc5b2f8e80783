import sharp from 'sharp'
import { describeEachDb, TEST_NOW } from '../helpers/app'
import { hashIdNumber } from '../../cloud/platform/privacy'
import { hexOfShortCode, shortCodeOf, SHORT_CODE_ALPHABET } from '../../cloud/checkups/check-in-code'
import { campaignWithSessions, makeElders, otherCommunityStaff } from './checkups-helpers'

describe('short check-in code', () => {
  it('is 8 characters of the unambiguous alphabet, grouped 4-4, and reads back to the same bits', () => {
    const codes = new Set<string>()
    for (let i = 0; i < 2000; i++) {
      const long = `code-${i}-abcdefghijklmnop`
      const short = shortCodeOf(long)
      expect(short).toMatch(new RegExp(`^[${SHORT_CODE_ALPHABET}]{4}-[${SHORT_CODE_ALPHABET}]{4}$`))
      expect(short).not.toMatch(/[01IO]/)
      expect(hexOfShortCode(short.toLowerCase().replace('-', ' '))).toBe(hexOfShortCode(short))
      codes.add(short)
    }
    expect(codes.size).toBe(2000)
    expect(hexOfShortCode('K7P2-9QX')).toBeNull()
    expect(hexOfShortCode('K7P2-9QXO')).toBeNull()
  })
})

describeEachDb('体检签到凭证: short code, ID number, pass image', (ctx) => {
  beforeEach(() => ctx().clock.set(TEST_NOW))

  it('staff check in by the typed short code or the ID-card number; wrong, expired and foreign codes get clear errors', async () => {
    const c = ctx()
    const staff = await c.login('staff01')
    const { sessions } = await campaignWithSessions(c, staff, { year: 2031, date: '2026-11-28', capacity: 5, slots: 1 })
    const [a, b, d] = await makeElders(c, 3, { prefix: '凭证' })
    const idNumber = '11010119500501001X'
    await c.db.kysely
      .updateTable('users')
      .set({ id_number_hash: hashIdNumber(idNumber, c.deps.config.idPepper) })
      .where('id', '=', b.id)
      .execute()
    const ids: string[] = []
    for (const e of [a, b, d]) {
      const r = await c.call('POST', '/api/v1/checkups/bookings', { token: e.token, body: { elderId: e.id, sessionId: sessions[0].id } })
      expect(r.status).toBe(201)
      ids.push(r.body.id)
    }
    const detail = await c.call('GET', `/api/v1/checkups/bookings/${ids[0]}`, { token: a.token })
    const short: string = detail.body.shortCode
    expect(short).toBe(shortCodeOf(detail.body.checkInCode))

    // the day before: the code is known but not for today
    const early = await c.call('POST', '/api/v1/checkups/check-ins', { token: staff, body: { code: short } })
    expect(early.status).toBe(422)
    expect(early.body.error.message).toContain('2026-11-28')

    c.clock.set('2026-11-28T00:10:00Z') // 08:10 on the day
    const gaoan = await otherCommunityStaff(c)
    const foreign = await c.call('POST', '/api/v1/checkups/check-ins', { token: gaoan, body: { code: short } })
    expect(foreign.status).toBe(404)
    expect(foreign.body.error.code).toBe('BOOKING_NOT_FOUND')
    expect((await c.call('POST', '/api/v1/checkups/check-ins', { token: gaoan, body: { idNumber } })).status).toBe(404)

    // a wrong code (one character changed) and a code that cannot be one
    const wrongChar = short[0] === 'Z' ? 'Y' : 'Z'
    for (const code of [`${wrongChar}${short.slice(1)}`, 'HELLO', '12345678OO']) {
      const wrong = await c.call('POST', '/api/v1/checkups/check-ins', { token: staff, body: { code } })
      expect(wrong.status).toBe(404)
      expect(wrong.body.error.code).toBe('CHECK_IN_CODE_NOT_FOUND')
      expect(wrong.body.error.message).toContain('签到码不对')
    }
    const both = await c.call('POST', '/api/v1/checkups/check-ins', { token: staff, body: { code: short, idNumber } })
    expect(both.status).toBe(400)
    const badId = await c.call('POST', '/api/v1/checkups/check-ins', { token: staff, body: { idNumber: '1101011950' } })
    expect(badId.status).toBe(400)
    expect(JSON.stringify(badId.body)).toContain('18 位')
    const rows = await c.db.kysely.selectFrom('checkup_bookings').select('status').where('id', 'in', ids).execute()
    expect(rows.every((r) => r.status === 'booked')).toBe(true)

    // typed as an elder reads it: lower case, a space instead of the dash
    const typed = await c.call('POST', '/api/v1/checkups/check-ins', { token: staff, body: { code: short.toLowerCase().replace('-', ' ') } })
    expect(typed.status).toBe(200)
    expect(typed.body).toMatchObject({ id: ids[0], status: 'checked_in' })

    const byId = await c.call('POST', '/api/v1/checkups/check-ins', { token: staff, body: { idNumber: idNumber.toLowerCase() } })
    expect(byId.status).toBe(200)
    expect(byId.body).toMatchObject({ id: ids[1], status: 'checked_in' })
    const unknownId = await c.call('POST', '/api/v1/checkups/check-ins', { token: staff, body: { idNumber: '110101195005010023' } })
    expect(unknownId.status).toBe(404)
    expect(unknownId.body.error.message).toContain('身份证号')

    // cancelled: said so, not "not found"
    await c.db.kysely.updateTable('checkup_bookings').set({ status: 'cancelled', cancelled_at: c.clock.now() }).where('id', '=', ids[2]).execute()
    const dShort = (await c.db.kysely.selectFrom('checkup_bookings').select('check_in_code').where('id', '=', ids[2]).executeTakeFirstOrThrow()).check_in_code
    const cancelled = await c.call('POST', '/api/v1/checkups/check-ins', { token: staff, body: { code: shortCodeOf(dShort) } })
    expect(cancelled.status).toBe(409)
    expect(cancelled.body.error.message).toContain('取消')
  })

  it('the pass image: a PNG for the elder, family and staff in scope; 404 for others', async () => {
    const c = ctx()
    const staff = await c.login('staff01')
    const { sessions } = await campaignWithSessions(c, staff, { year: 2032, date: '2026-11-28', capacity: 5, slots: 1 })
    const [e] = await makeElders(c, 1, { prefix: '图片' })
    const booked = await c.call('POST', '/api/v1/checkups/bookings', { token: e.token, body: { elderId: e.id, sessionId: sessions[0].id } })
    const path = `/api/v1/checkups/bookings/${booked.body.id}/pass.png`
    for (const token of [e.token, staff]) {
      const res = await c.app.request(path, { headers: { authorization: `Bearer ${token}` } })
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('image/png')
      expect(decodeURIComponent(res.headers.get('content-disposition') ?? '')).toContain('体检签到凭证-')
      const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata()
      expect(meta).toMatchObject({ format: 'png', width: 750, height: 1200 })
    }
    for (const token of [await otherCommunityStaff(c), await c.login('13800000001')]) {
      const res = await c.app.request(path, { headers: { authorization: `Bearer ${token}` } })
      expect(res.status).toBe(404)
    }
  })
})
