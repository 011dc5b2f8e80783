import { sql } from 'kysely'
import { describeEachDb, type TestContext } from '../helpers/app'
import { tick } from '../../cloud/app'
import { ingestReadings } from '../../cloud/care'
import { evaluateRules } from '../../cloud/care/evaluate-rules'
import { newId } from '../../cloud/platform/ids'
import { CARE_CONFIG, countReadings, makeElders, postReadings, unitId } from './care-helpers'

const H = 3_600_000
const iso = (ms: number) => new Date(ms).toISOString()

async function enrol(c: TestContext, token: string, elderId: string, meterId: string, extra: Record<string, unknown> = {}) {
  return c.call('POST', '/api/v1/staff/care/enrolments', { token, body: { elderId, meterId, consent: { by: 'counter' }, gridId: await unitId(c.db.kysely, '东湖社区第一网格'), ...extra } })
}

async function follow(c: TestContext, elderId: string, phone: string) {
  const member = (await c.db.kysely.selectFrom('users').select('id').where('phone', '=', phone).executeTakeFirstOrThrow()).id
  await c.db.kysely
    .insertInto('family_links')
    .values({
      id: newId(),
      elder_id: elderId,
      member_id: member,
      relation: 'child',
      scopes: ['receive_notices'],
      status: 'active',
      requested_at: c.clock.now(),
      confirmed_at: c.clock.now(),
      confirmed_via: 'counter',
    })
    .execute()
  return member
}

async function noticesOf(c: TestContext, userId: string, kind = 'care.alert', alertId?: string) {
  const rows = await c.db.kysely.selectFrom('notices').select(['title', 'body', 'link', 'created_at']).where('user_id', '=', userId).where('kind', '=', kind).orderBy('created_at').execute()
  return alertId ? rows.filter((n) => n.link?.endsWith(alertId)) : rows
}

async function userId(c: TestContext, username: string) {
  return (await c.db.kysely.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id
}

describeEachDb(
  '独居老人关爱: enrolment, webhook, rules, escalation, consent',
  (ctx) => {
    let staff: string
    let grid: string
    beforeAll(async () => {
      staff = await ctx().login('staff01')
      grid = await ctx().login('grid01')
    })

    test('staff enrol with consent; one enrolment per elder and per meter; grid workers and other communities cannot', async () => {
      const c = ctx()
      const [a, b] = await makeElders(c.db.kysely, '登记老人', 2)
      const created = await enrol(c, staff, a, 'EN-0001')
      expect(created.status).toBe(201)
      expect(created.body).toMatchObject({ elderId: a, meterId: 'EN-0001', status: 'active', consentBy: 'counter', withdrawnAt: null })
      expect((await enrol(c, staff, a, 'EN-0002')).body.error.code).toBe('CARE_ALREADY_ENROLLED')
      expect((await enrol(c, staff, b, 'EN-0001')).body.error.code).toBe('CARE_METER_IN_USE')
      expect((await enrol(c, grid, b, 'EN-0003')).status).toBe(404)
      expect((await c.call('POST', '/api/v1/staff/care/enrolments', { token: staff, body: { elderId: b, meterId: '?', consent: { by: 'neighbour' } } })).status).toBe(400)
      // the elder is told, and who recorded his consent is audited
      const audit = await c.db.kysely.selectFrom('audit_log').select('action').where('subject_id', '=', a).execute()
      expect(audit.map((x) => x.action)).toContain('care.enrolled')
      // another community's elder: 404 for 东湖's staff
      const wuzhong = await unitId(c.db.kysely, '乌中社区')
      const other = newId()
      await c.db.kysely.insertInto('users').values({ id: other, name: '乌中老人', community_id: wuzhong }).execute()
      expect((await c.call('POST', '/api/v1/staff/care/enrolments', { token: staff, body: { elderId: other, meterId: 'EN-0009', consent: { by: 'elder' } } })).status).toBe(404)
      const list = await c.call('GET', '/api/v1/staff/care/enrolments', { token: grid })
      expect(list.body.items.map((e: { meterId: string }) => e.meterId)).toContain('EN-0001')
    })

    test('webhook: bad signature, replayed timestamp, malformed batch → 401/400 and nothing stored; duplicates and refusals counted', async () => {
      const c = ctx()
      const [elder] = await makeElders(c.db.kysely, '接入老人', 1)
      expect((await enrol(c, staff, elder, 'WH-0001')).status).toBe(201)
      const t0 = c.clock.now().getTime()
      const readings = [0, 1, 2].map((i) => ({ meterId: 'WH-0001', at: iso(t0 + i * H), totalLitres: 1000 + i * 10 }))
      const body = { readings: [...readings, { meterId: 'WH-9999', at: iso(t0), totalLitres: 5 }] }

      expect((await postReadings(c, body, { secret: 'not-the-secret' })).status).toBe(401)
      expect((await postReadings(c, body, { signature: 'zz' })).status).toBe(401)
      const replay = await postReadings(c, body, { timestamp: Math.floor(t0 / 1000) - 6 * 60 })
      expect(replay.status).toBe(401)
      expect(replay.body.error.code).toBe('IOT_SIGNATURE_INVALID')
      expect((await postReadings(c, body, { timestamp: Math.floor(t0 / 1000) + 6 * 60 })).status).toBe(401)
      const malformed = await postReadings(c, { readings: [readings[0], { meterId: 'WH-0001', at: 'yesterday', totalLitres: 3 }] })
      expect(malformed.status).toBe(400)
      expect((await postReadings(c, null, { raw: '{"readings": [' })).status).toBe(400)
      expect((await postReadings(c, { readings: [] })).status).toBe(400)
      expect(await countReadings(c.db.kysely, 'WH-')).toBe(0)

      const first = await postReadings(c, body)
      expect(first.status).toBe(200)
      expect(first.body).toMatchObject({ accepted: 3, duplicates: 0, refused: 1 })
      const again = await postReadings(c, { readings: [...readings, readings[0]] })
      expect(again.body).toMatchObject({ accepted: 0, duplicates: 4, refused: 0 })
      expect(await countReadings(c.db.kysely, 'WH-')).toBe(3)

      // not configured: the route says so (503), and stores nothing
      const iot = c.deps.config.iot
      c.deps.config.iot = undefined
      try {
        const off = await postReadings(c, { readings: [{ meterId: 'WH-0001', at: iso(t0 + 5 * H), totalLitres: 1100 }] })
        expect(off.status).toBe(503)
        expect(off.body.error.code).toBe('IOT_NOT_CONFIGURED')
      } finally {
        c.deps.config.iot = iot
      }
      expect(await countReadings(c.db.kysely, 'WH-')).toBe(3)
    })

    test('out of order, backwards and impossible jumps: litres per hour stay right, faults are flagged and not used', async () => {
      const c = ctx()
      const [elder] = await makeElders(c.db.kysely, '乱序老人', 1)
      expect((await enrol(c, staff, elder, 'OO-0001')).status).toBe(201)
      const t0 = Math.floor(c.clock.now().getTime() / H) * H + H
      // hours 0..5: 10 L each, sent in a scrambled order; then a reading that goes backwards and one that jumps
      const totals = [100, 110, 120, 130, 140, 150]
      const order = [3, 0, 5, 1, 4, 2]
      for (const i of order) await ingestReadings(c.deps, [{ meterId: 'OO-0001', at: iso(t0 + i * H), totalLitres: totals[i] }])
      const hourly = await sql<{ litres: number }>`SELECT litres FROM care_hourly WHERE meter_id = 'OO-0001' ORDER BY hour`.execute(c.db.kysely)
      expect(hourly.rows.map((r) => r.litres)).toEqual([10, 10, 10, 10, 10])
      const faults = await ingestReadings(c.deps, [
        { meterId: 'OO-0001', at: iso(t0 + 6 * H), totalLitres: 90 },
        { meterId: 'OO-0001', at: iso(t0 + 9 * H), totalLitres: 99000 },
      ])
      expect(faults.accepted).toBe(2)
      const flags = await sql<{
        flag: string | null
        used_litres: number | null
      }>`SELECT flag, used_litres FROM care_readings WHERE meter_id = 'OO-0001' AND at >= ${iso(t0 + 6 * H)} ORDER BY at`.execute(c.db.kysely)
      expect(flags.rows).toEqual([
        { flag: 'backwards', used_litres: null },
        { flag: 'jump', used_litres: null },
      ])
      const total = await sql<{ s: number }>`SELECT sum(litres)::float8 AS s FROM care_hourly WHERE meter_id = 'OO-0001'`.execute(c.db.kysely)
      expect(total.rows[0].s).toBe(50)
    })

    test('running water: alert at once to family and grid worker, 30 min → community, 2 h → 片区 lead; 我来处理 once; false alarm widens the threshold', async () => {
      const c = ctx()
      const [elder] = await makeElders(c.db.kysely, '流水老人', 1)
      const daughter = await follow(c, elder, '13800000001')
      expect((await enrol(c, staff, elder, 'FL-0001')).status).toBe(201)
      const t0 = Math.floor(c.clock.now().getTime() / H) * H
      c.clock.set(new Date(t0 + 3 * H + 60_000))
      // 2 h of 60 L/h after a normal hour (the flow floor is 30 L/h for two hours)
      await ingestReadings(
        c.deps,
        [0, 1, 2, 3].map((i) => ({ meterId: 'FL-0001', at: iso(t0 + i * H), totalLitres: [500, 505, 565, 625][i] })),
      )
      const open = await c.call('GET', '/api/v1/staff/care/alerts?status=open', { token: grid })
      const alert = open.body.items.find((a: { elderId: string }) => a.elderId === elder)
      expect(alert).toMatchObject({ kind: 'flow', level: 1, acknowledgedAt: null })
      expect(alert.reason).toMatch(/已连续 2 小时不停用水/)
      expect(Object.keys(alert)).toEqual(expect.arrayContaining(['id', 'elderId', 'kind', 'level', 'reason', 'createdAt', 'acknowledgedAt']))
      expect(await noticesOf(c, daughter)).toHaveLength(1)
      const [gridId, staffId, leadId] = [await userId(c, 'grid01'), await userId(c, 'staff01'), await userId(c, 'lead01')]
      const staffTold = () => noticesOf(c, staffId, 'care.alert', alert.id)
      const leadTold = () => noticesOf(c, leadId, 'care.alert', alert.id)
      expect(await staffTold()).toHaveLength(0)
      expect((await noticesOf(c, gridId)).some((n) => n.link === `/packages/care/alert/index?id=${alert.id}`)).toBe(true)

      // re-evaluation never duplicates
      await evaluateRules(c.deps, c.clock.now())
      await tick(c.deps, c.clock.now())
      expect(await c.db.kysely.selectFrom('care_alerts').select('id').where('elder_id', '=', elder).execute()).toHaveLength(1)

      c.clock.advance(29)
      await tick(c.deps, c.clock.now())
      expect(await staffTold()).toHaveLength(0)
      c.clock.advance(2)
      await tick(c.deps, c.clock.now())
      expect(await staffTold()).toHaveLength(1)
      expect(await leadTold()).toHaveLength(0)
      expect((await c.call('GET', `/api/v1/staff/care/alerts/${alert.id}`, { token: grid })).body.level).toBe(2)
      c.clock.advance(90)
      await tick(c.deps, c.clock.now())
      expect(await leadTold()).toHaveLength(1)
      expect((await leadTold())[0].title).toMatch(/仍无人处理/)

      const [one, two] = await Promise.all([
        c.call('POST', `/api/v1/staff/care/alerts/${alert.id}/acknowledge`, { token: grid }),
        c.call('POST', `/api/v1/staff/care/alerts/${alert.id}/acknowledge`, { token: staff }),
      ])
      expect([one.status, two.status].sort()).toEqual([200, 409])
      expect((await c.call('POST', `/api/v1/staff/care/alerts/${alert.id}/close`, { token: grid, body: { outcome: 'false_alarm' } })).status).toBe(400)
      const closed = await c.call('POST', `/api/v1/staff/care/alerts/${alert.id}/close`, { token: grid, body: { outcome: 'false_alarm', note: '在给阳台花浇水' } })
      expect(closed.status).toBe(200)
      expect(closed.body.events.map((e: { action: string }) => e.action)).toEqual([
        'raised',
        'notified',
        'escalated',
        'notified',
        'escalated',
        'notified',
        'acknowledged',
        'closed',
        'threshold_widened',
      ])
      const widened = await c.db.kysely.selectFrom('care_enrolments').select('flow_litres').where('elder_id', '=', elder).executeTakeFirstOrThrow()
      expect(widened.flow_litres).toBe(50)
      // the family sees the outcome; nothing is raised again for the same water
      expect((await noticesOf(c, daughter, 'care.closed'))[0].title).toMatch(/误报/)
      await tick(c.deps, c.clock.now())
      expect(await c.db.kysely.selectFrom('care_alerts').select('id').where('elder_id', '=', elder).execute()).toHaveLength(1)
      const family = await c.call('GET', `/api/v1/care/elders/${elder}`, { token: await c.login('13800000001') })
      expect(family.body.alerts[0]).toMatchObject({ kind: 'flow', status: 'closed', outcome: 'false_alarm' })
      expect(family.body.days.length).toBeGreaterThan(10)
      // someone unrelated: 404
      expect((await c.call('GET', `/api/v1/care/elders/${elder}`, { token: await c.login('13800000002') })).status).toBe(404)
    })

    test('consent withdrawn: collection stops at once, stored readings are deleted after 7 days', async () => {
      const c = ctx()
      const [elder] = await makeElders(c.db.kysely, '撤回老人', 1)
      const created = await enrol(c, staff, elder, 'WD-0001')
      const t0 = c.clock.now().getTime()
      await ingestReadings(
        c.deps,
        [0, 1, 2].map((i) => ({ meterId: 'WD-0001', at: iso(t0 + i * 60_000), totalLitres: 10 + i })),
      )
      expect(await countReadings(c.db.kysely, 'WD-')).toBe(3)
      const withdrawn = await c.call('POST', `/api/v1/staff/care/enrolments/${created.body.id}/withdraw`, { token: staff })
      expect(withdrawn.body).toMatchObject({ status: 'withdrawn' })
      expect(Date.parse(withdrawn.body.purgeAfter) - c.clock.now().getTime()).toBe(7 * 24 * H)
      expect((await ingestReadings(c.deps, [{ meterId: 'WD-0001', at: iso(t0 + 10 * 60_000), totalLitres: 20 }])).refused).toBe(1)
      c.clock.set(new Date(t0 + 6 * 24 * H))
      await tick(c.deps, c.clock.now())
      expect(await countReadings(c.db.kysely, 'WD-')).toBe(3)
      c.clock.set(new Date(t0 + 7 * 24 * H + H))
      await tick(c.deps, c.clock.now())
      expect(await countReadings(c.db.kysely, 'WD-')).toBe(0)
      const left = await sql<{ n: number }>`SELECT (SELECT count(*) FROM care_hourly WHERE meter_id = 'WD-0001') + (SELECT count(*) FROM care_meter_state WHERE meter_id = 'WD-0001') AS n`.execute(
        c.db.kysely,
      )
      expect(Number(left.rows[0].n)).toBe(0)
      c.clock.set(new Date(t0))
    })

    test('concurrent evaluations raise one alert; another community answers 404', async () => {
      const c = ctx()
      const wuzhong = await unitId(c.db.kysely, '乌中社区')
      const elder = newId()
      await c.db.kysely.insertInto('users').values({ id: elder, name: '乌中独居老人', community_id: wuzhong }).execute()
      const admin = await c.login('admin01')
      expect((await c.call('POST', '/api/v1/staff/care/enrolments', { token: admin, body: { elderId: elder, meterId: 'WZ-0001', consent: { by: 'elder' } } })).status).toBe(201)
      c.clock.advance(7 * 60) // enrolled 7 h ago, never a reading: the meter is silent
      const results = await Promise.all([1, 2, 3, 4].map(() => evaluateRules(c.deps, c.clock.now(), { meters: ['WZ-0001'] })))
      expect(results.flat()).toHaveLength(1)
      const alerts = await c.db.kysely.selectFrom('care_alerts').select(['id', 'kind']).where('elder_id', '=', elder).execute()
      expect(alerts).toEqual([{ id: expect.any(String), kind: 'device' }])
      expect((await c.call('POST', `/api/v1/staff/care/alerts/${alerts[0].id}/acknowledge`, { token: staff })).status).toBe(404)
      expect((await c.call('GET', `/api/v1/staff/care/alerts/${alerts[0].id}`, { token: grid })).status).toBe(404)
      expect((await c.call('POST', `/api/v1/staff/care/alerts/${alerts[0].id}/acknowledge`, { token: admin })).status).toBe(200)
      c.clock.advance(-7 * 60)
    })
  },
  CARE_CONFIG,
)
