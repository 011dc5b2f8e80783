import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { sql } from 'kysely'
import { describeEachDb, type TestContext } from '../helpers/app'
import { tick } from '../../cloud/app'
import { ingestReadings } from '../../cloud/care'
import { CARE_ALERT_TOPIC } from '../../cloud/care/send-care-alert'
import { newId } from '../../cloud/platform/ids'
import { createSubscribeSender, noopSubscribeSender } from '../../cloud/platform/wechat-subscribe'
import { CARE_CONFIG, makeElders, unitId } from './care-helpers'

const H = 3_600_000
const iso = (ms: number) => new Date(ms).toISOString()

/** A local stand-in for api.weixin.qq.com recording what the real HTTPS sender posts. */
let server: Server
let base: string
const sent: any[] = []
/** The next send to this openid answers 'system busy' (WeChat's -1). */
let failFor: string | null = null
beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = ''
    req.on('data', (c) => (raw += c))
    req.on('end', () => {
      res.setHeader('content-type', 'application/json')
      if (req.url!.startsWith('/cgi-bin/token')) return res.end(JSON.stringify({ access_token: 'tok', expires_in: 7200 }))
      const body = JSON.parse(raw)
      if (failFor && body.touser === failFor) {
        failFor = null
        return res.end(JSON.stringify({ errcode: -1, errmsg: 'system busy' }))
      }
      sent.push(body)
      res.end(JSON.stringify({ errcode: 0, errmsg: 'ok' }))
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((r) => server.close(() => r())))

async function idOf(c: TestContext, where: { phone?: string; username?: string }) {
  const q = c.db.kysely.selectFrom('users').select('id')
  const row = await (where.phone ? q.where('phone', '=', where.phone) : q.where('username', '=', where.username!)).executeTakeFirstOrThrow()
  return row.id
}

async function follow(c: TestContext, elderId: string, memberId: string) {
  await c.db.kysely
    .insertInto('family_links')
    .values({
      id: newId(),
      elder_id: elderId,
      member_id: memberId,
      relation: 'child',
      scopes: ['receive_notices'],
      status: 'active',
      requested_at: c.clock.now(),
      confirmed_at: c.clock.now(),
      confirmed_via: 'counter',
    })
    .execute()
}

/** An enrolled elder followed by two family members; 2 h of running water raise a `flow` alert. */
async function raiseFlowAlert(c: TestContext, staff: string, name: string, meterId: string): Promise<{ elder: string; alertId: string }> {
  const [elder] = await makeElders(c.db.kysely, name, 1)
  await follow(c, elder, await idOf(c, { phone: '13800000001' }))
  await follow(c, elder, await idOf(c, { phone: '13800000003' }))
  const gridId = await unitId(c.db.kysely, '东湖社区第一网格')
  const enrolled = await c.call('POST', '/api/v1/staff/care/enrolments', { token: staff, body: { elderId: elder, meterId, consent: { by: 'counter' }, gridId } })
  expect(enrolled.status).toBe(201)
  const t0 = Math.floor(c.clock.now().getTime() / H) * H + H
  c.clock.set(new Date(t0 + 3 * H + 60_000))
  await ingestReadings(
    c.deps,
    [0, 1, 2, 3].map((i) => ({ meterId, at: iso(t0 + i * H), totalLitres: [500, 505, 565, 625][i] })),
  )
  const alert = await c.db.kysely.selectFrom('care_alerts').select('id').where('elder_id', '=', elder).executeTakeFirstOrThrow()
  return { elder, alertId: alert.id }
}

const careRows = (c: TestContext, alertId: string) =>
  sql<{
    delivered: boolean
    attempts: number
  }>`SELECT delivered_at IS NOT NULL AS delivered, attempts FROM outbox WHERE topic = ${CARE_ALERT_TOPIC} AND payload->>'alertId' = ${alertId} ORDER BY created_at`
    .execute(c.db.kysely)
    .then((r) => r.rows)

describeEachDb(
  '独居老人关爱: alerts by WeChat subscribe message and SMS',
  (ctx) => {
    let staff: string
    beforeAll(async () => {
      const c = ctx()
      staff = await c.login('staff01')
      // the daughter (王芳) and the grid worker have WeChat; 陈静 logs in by phone only
      await c.db.kysely.updateTable('users').set({ wx_openid: 'o-wangfang' }).where('phone', '=', '13800000001').execute()
      await c.db.kysely.updateTable('users').set({ wx_openid: 'o-grid01' }).where('username', '=', 'grid01').execute()
      await c.db.kysely.updateTable('users').set({ wx_openid: 'o-staff01' }).where('username', '=', 'staff01').execute()
    })

    test('not configured: notices only; the outbox row is delivered, no SMS, no subscribe message, nothing fails', async () => {
      const c = ctx()
      c.deps.subscribe = noopSubscribeSender()
      c.deps.config = { ...c.deps.config, careSms: false }
      sent.length = 0
      c.sms.notices.length = 0
      const { alertId } = await raiseFlowAlert(c, staff, '未配置老人', 'DL-0001')
      await tick(c.deps, c.clock.now())
      expect(await careRows(c, alertId)).toEqual([{ delivered: true, attempts: 0 }])
      expect(sent).toEqual([])
      expect(c.sms.notices).toEqual([])
      expect(await c.db.kysely.selectFrom('care_deliveries').selectAll().where('alert_id', '=', alertId).execute()).toEqual([])
    })

    test('configured: one SMS per family phone and one subscribe message per openid; redelivery sends nothing more; escalation reaches staff once', async () => {
      const c = ctx()
      c.deps.subscribe = createSubscribeSender(
        { WECHAT_TEMPLATE_CARE_ALERT: 'tpl-care', WECHAT_APPID: 'wx-test', WECHAT_SECRET: 'secret', WECHAT_API_BASE: base },
        { debug: () => undefined, warn: () => undefined },
      )
      c.deps.config = { ...c.deps.config, careSms: true }
      sent.length = 0
      c.sms.notices.length = 0
      const { elder, alertId } = await raiseFlowAlert(c, staff, '陈国华', 'DL-0002')
      // WeChat is busy once: the outbox retries and the message still goes out once
      failFor = 'o-grid01'
      await tick(c.deps, c.clock.now())
      expect(await careRows(c, alertId)).toEqual([{ delivered: false, attempts: 1 }])
      await tick(c.deps, new Date(c.clock.now().getTime() + 120_000))
      expect((await careRows(c, alertId))[0].delivered).toBe(true)

      const mine = sent.filter((s) => s.page?.includes(alertId) || s.page?.includes(elder))
      expect(mine.map((s) => s.touser).sort()).toEqual(['o-grid01', 'o-wangfang'])
      expect(mine.find((s) => s.touser === 'o-wangfang')).toMatchObject({
        template_id: 'tpl-care',
        page: `packages/care/family/index?elderId=${elder}`,
        data: { thing1: { value: '陈国华1' }, thing2: { value: '持续用水不停' } },
      })
      expect(mine.find((s) => s.touser === 'o-grid01').page).toBe(`packages/care/alert/index?id=${alertId}`)
      // SMS: family phones only (not the grid worker), short, no health detail
      const sms = c.sms.notices.filter((n) => n.text.includes('陈国华1'))
      expect(sms.map((n) => n.phone).sort()).toEqual(['13800000001', '13800000003'])
      expect(sms[0].text).toBe('【邻里通】您关注的陈国华1家中用水异常，请尽快联系老人或打开邻里通小程序查看。')

      // at-least-once delivery: the row handed out again sends nothing twice
      await sql`UPDATE outbox SET delivered_at = NULL, locked_until = NULL WHERE topic = ${CARE_ALERT_TOPIC} AND payload->>'alertId' = ${alertId}`.execute(c.db.kysely)
      await tick(c.deps, new Date(c.clock.now().getTime() + 180_000))
      expect((await careRows(c, alertId))[0].delivered).toBe(true)
      expect(sent.filter((s) => s.page?.includes(alertId) || s.page?.includes(elder))).toHaveLength(2)
      expect(c.sms.notices.filter((n) => n.text.includes('陈国华1'))).toHaveLength(2)

      // 30 min unacknowledged → community staff get their subscribe message; no new family SMS
      c.clock.advance(31)
      await tick(c.deps, c.clock.now())
      await tick(c.deps, c.clock.now())
      expect(sent.filter((s) => s.page?.includes(alertId) && s.touser === 'o-staff01')).toHaveLength(1)
      expect(c.sms.notices.filter((n) => n.text.includes('陈国华1'))).toHaveLength(2)
      const rows = await c.db.kysely.selectFrom('care_deliveries').select(['channel', 'level']).where('alert_id', '=', alertId).execute()
      expect(rows.map((r) => `${r.channel}@${r.level}`).sort()).toEqual(['sms@1', 'sms@1', 'wechat@1', 'wechat@1', 'wechat@2'])
    })
  },
  CARE_CONFIG,
)
