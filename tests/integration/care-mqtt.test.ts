import { connectAsync, type MqttClient } from 'mqtt'
import { sql } from 'kysely'
import { describeEachDb, type TestContext } from '../helpers/app'
import { tick } from '../../cloud/app'
import { startMqttIngest, type MqttIngest } from '../../cloud/care'
import { USUAL_DAY } from '../../cloud/care/care.seed'
import { shanghaiTime } from '../../cloud/platform/clock'
import { newId } from '../../cloud/platform/ids'
import { CARE_CONFIG, makeElders, unitId } from './care-helpers'

/**
 * The whole path on the machine's Mosquitto: 50 elders' meters publish a week of hourly readings,
 * then the incident day hour by hour with `tick` at :01 and :31 under a fake clock.
 * E0 stops using water (last use 22:00–23:00 the night before), E1 leaves a tap running from 13:00,
 * E2's meter dies after 05:00, E3 is away at her daughter's from the evening before.
 */
const BROKER = 'mqtt://127.0.0.1:1883'
const H = 3_600_000
const N = 50
const FIRST = shanghaiTime('2026-12-01', '00:00').getTime()
const INCIDENT_DAY = '2026-12-08'
const LAST = shanghaiTime(INCIDENT_DAY, '17:00').getTime()
const meterOf = (i: number) => `MQ-${String(i).padStart(3, '0')}`

/** Litres used in the hour that starts at `bucket` (UTC ms) by elder i, with the scripted incidents. */
function litres(i: number, bucket: number): number {
  const hour = new Date(bucket + 8 * H).getUTCHours()
  const usual = Math.round(USUAL_DAY[hour] * (0.8 + (i % 5) * 0.1) * 10) / 10
  if (i === 0 && bucket >= shanghaiTime('2026-12-07', '23:00').getTime()) return 0
  if (i === 1 && bucket >= shanghaiTime(INCIDENT_DAY, '13:00').getTime()) return 120
  if (i === 3 && bucket >= shanghaiTime('2026-12-07', '18:00').getTime()) return 0
  return usual
}

interface Msg {
  topic: string
  at: number
  payload: string
}

function simulate(prefix: string): Msg[] {
  const out: Msg[] = []
  for (let i = 0; i < N; i++) {
    let total = 20_000 + i * 1000
    for (let at = FIRST; at <= LAST; at += H) {
      if (at > FIRST) total += litres(i, at - H)
      // E2's meter dies: nothing after 05:00 on the incident day
      if (i === 2 && at > shanghaiTime(INCIDENT_DAY, '05:00').getTime()) continue
      const reading = { meterId: meterOf(i), at: new Date(at).toISOString(), totalLitres: Math.round(total * 10) / 10 }
      out.push({ topic: `${prefix}/${meterOf(i)}/readings`, at, payload: JSON.stringify(reading) })
    }
  }
  return out
}

/**
 * Publishes in slices of 400 and waits for each to be written: the broker keeps at most 1,000 queued
 * QoS 1 messages per client (Mosquitto's max_queued_messages), and PGlite runs in the subscriber's own
 * thread, so a vendor's backlog of thousands at once would be dropped by the broker, not by us.
 */
async function publishAll(client: MqttClient, msgs: Msg[], ingest: MqttIngest, before: number) {
  for (let i = 0; i < msgs.length; i += 400) {
    const slice = msgs.slice(i, i + 400)
    await Promise.all(slice.map((m) => client.publishAsync(m.topic, m.payload, { qos: 1 })))
    await drained(ingest, before + i + slice.length)
  }
}

async function drained(ingest: MqttIngest, expected: number) {
  const deadline = Date.now() + 60_000
  while (ingest.stats.processed + ingest.stats.malformed < expected) {
    if (Date.now() > deadline) throw new Error(`only ${ingest.stats.processed} of ${expected} readings arrived`)
    await new Promise((r) => setTimeout(r, 50))
    await ingest.flush()
  }
  await ingest.flush()
}

describeEachDb(
  '独居老人关爱 over MQTT: a week for 50 elders with scripted incidents',
  (ctx) => {
    jest.setTimeout(300_000)
    let c: TestContext
    let ingest: MqttIngest
    let publisher: MqttClient
    let prefix: string
    let elders: string[]
    beforeAll(async () => {
      c = ctx()
      prefix = `linli-test/${process.pid}-${c.kind}-${newId().slice(-8)}/meters`
      ingest = startMqttIngest(c.deps, { url: BROKER, topic: `${prefix}/+/readings`, batchSize: 500, flushMs: 100 })
      await ingest.ready
      publisher = await connectAsync(BROKER)
    })
    afterAll(async () => {
      await ingest?.stop()
      await publisher?.endAsync()
    })

    test('exactly the expected alerts, each escalated on time, none for the away elder; republishing changes nothing', async () => {
      const db = c.db.kysely
      elders = await makeElders(db, '关爱老人', N)
      const staff = await c.login('staff01')
      const grid = await unitId(db, '东湖社区第一网格')
      const member = (await db.selectFrom('users').select('id').where('phone', '=', '13800000001').executeTakeFirstOrThrow()).id
      await db
        .insertInto('family_links')
        .values(
          [0, 1, 2].map((i) => ({
            id: newId(),
            elder_id: elders[i],
            member_id: member,
            relation: 'child' as const,
            scopes: ['receive_notices'],
            status: 'active' as const,
            requested_at: new Date(FIRST),
            confirmed_at: new Date(FIRST),
            confirmed_via: 'counter' as const,
          })),
        )
        .execute()
      c.clock.set(new Date(FIRST - H))
      for (let i = 0; i < N; i++) {
        const r = await c.call('POST', '/api/v1/staff/care/enrolments', { token: staff, body: { elderId: elders[i], meterId: meterOf(i), consent: { by: i % 2 ? 'elder' : 'counter' }, gridId: grid } })
        expect(r.status).toBe(201)
      }
      const away = await c.call('POST', `/api/v1/care/elders/${elders[3]}/away`, {
        token: staff,
        body: { startsAt: shanghaiTime('2026-12-07', '18:00').toISOString(), endsAt: shanghaiTime('2026-12-10', '12:00').toISOString(), reason: '去女儿家住几天' },
      })
      expect(away.status).toBe(201)

      const msgs = simulate(prefix)
      const incidentStart = shanghaiTime(INCIDENT_DAY, '00:00').getTime()
      const week = msgs.filter((m) => m.at <= incidentStart)
      c.clock.set(new Date(incidentStart + 60_000))
      await publishAll(publisher, week, ingest, 0)
      await drained(ingest, week.length)
      expect(ingest.stats).toMatchObject({ accepted: week.length, duplicates: 0, refused: 0, malformed: 0 })
      await tick(c.deps, c.clock.now())

      // the incident day, hour by hour: readings at hh:00, tick at hh:01 and hh:31
      let sent = week.length
      for (let at = incidentStart + H; at <= LAST; at += H) {
        c.clock.set(new Date(at + 60_000))
        const hour = msgs.filter((m) => m.at === at)
        await publishAll(publisher, hour, ingest, sent)
        sent += hour.length
        await drained(ingest, sent)
        await tick(c.deps, c.clock.now())
        c.clock.set(new Date(at + 31 * 60_000))
        await tick(c.deps, c.clock.now())
      }
      expect(ingest.stats.accepted).toBe(msgs.length)

      const ours = sql`elder_id = ANY(${elders}::uuid[])`
      const alerts = await sql<{ id: string; elder_id: string; kind: string; level: number; reason: string; created_at: Date }>`
        SELECT id, elder_id, kind, level, reason, created_at FROM care_alerts WHERE ${ours} ORDER BY created_at`.execute(db)
      const at = (hhmm: string) => shanghaiTime(INCIDENT_DAY, hhmm).toISOString()
      expect(alerts.rows.map((a) => ({ elder: elders.indexOf(a.elder_id), kind: a.kind, level: a.level, at: new Date(a.created_at).toISOString() }))).toEqual([
        { elder: 0, kind: 'no_use', level: 3, at: at('10:01') },
        { elder: 2, kind: 'device', level: 1, at: at('11:01') },
        { elder: 1, kind: 'flow', level: 3, at: at('15:01') },
      ])
      expect(alerts.rows[0].reason).toBe('平时 7 点前会用水，今天到 10 点仍未用水')
      expect(alerts.rows[2].reason).toMatch(/^已连续 2 小时不停用水/)
      expect(alerts.rows[1].reason).toMatch(/^水表已 6 小时没有上报读数/)

      // each rung on time: community staff 30 min after, 片区 lead 2 h after
      const escalations = await sql<{ alert_id: string; level: number; created_at: Date }>`
        SELECT alert_id, (details->>'level')::int AS level, created_at FROM care_alert_events
        WHERE action = 'escalated' AND alert_id = ANY(${alerts.rows.map((a) => a.id)}::uuid[]) ORDER BY created_at`.execute(db)
      expect(escalations.rows.map((e) => ({ alert: alerts.rows.findIndex((a) => a.id === e.alert_id), level: e.level, at: new Date(e.created_at).toISOString() }))).toEqual([
        { alert: 0, level: 2, at: at('10:31') },
        { alert: 0, level: 3, at: at('12:01') },
        { alert: 2, level: 2, at: at('15:31') },
        { alert: 2, level: 3, at: at('17:01') },
      ])
      // the family heard of the person's alerts at once, not of the meter's
      const familyNotices = await db.selectFrom('notices').select(['title', 'created_at']).where('user_id', '=', member).where('kind', '=', 'care.alert').orderBy('created_at').execute()
      expect(familyNotices.map((n) => new Date(n.created_at).toISOString())).toEqual([at('10:01'), at('15:01')])

      // everything again (late, twice, out of order): no new readings, no new alerts
      const readingsBefore = await sql<{ n: number }>`SELECT count(*)::int AS n FROM care_readings WHERE meter_id LIKE 'MQ-%'`.execute(db)
      expect(readingsBefore.rows[0].n).toBe(msgs.length)
      const hourlyBefore = await sql<{ s: number }>`SELECT sum(litres)::float8 AS s FROM care_hourly WHERE meter_id LIKE 'MQ-%'`.execute(db)
      await publishAll(publisher, [...msgs].reverse(), ingest, sent)
      await drained(ingest, sent + msgs.length)
      expect(ingest.stats.duplicates).toBe(msgs.length)
      c.clock.advance(30)
      await tick(c.deps, c.clock.now())
      expect((await sql<{ n: number }>`SELECT count(*)::int AS n FROM care_readings WHERE meter_id LIKE 'MQ-%'`.execute(db)).rows[0].n).toBe(msgs.length)
      expect((await sql<{ s: number }>`SELECT sum(litres)::float8 AS s FROM care_hourly WHERE meter_id LIKE 'MQ-%'`.execute(db)).rows[0].s).toBe(hourlyBefore.rows[0].s)
      expect((await sql<{ n: number }>`SELECT count(*)::int AS n FROM care_alerts WHERE ${ours}`.execute(db)).rows[0].n).toBe(3)
    })
  },
  CARE_CONFIG,
)
