import { sql } from 'kysely'
import type { Kdb } from '../../cloud/db/db'
import { newId } from '../../cloud/platform/ids'
import { signWebhook } from '../../cloud/care'
import type { TestContext } from '../helpers/app'

export const IOT_SECRET = 'test-iot-webhook-secret-0123456789abcdef'
export const CARE_CONFIG = { iot: { webhookSecret: IOT_SECRET, mqttUrl: null, mqttTopic: null } }

export async function unitId(db: Kdb, name: string): Promise<string> {
  return (await db.selectFrom('org_units').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id
}

/** Elders living alone in 东湖社区 (registered at the counter, no phone). */
export async function makeElders(db: Kdb, prefix: string, n: number): Promise<string[]> {
  const community = await unitId(db, '东湖社区')
  const ids = Array.from({ length: n }, () => newId())
  await db
    .insertInto('users')
    .values(ids.map((id, i) => ({ id, name: `${prefix}${i + 1}`, community_id: community, birth_date: '1946-05-01', address: `东湖路 ${i + 1} 号` })))
    .execute()
  return ids
}

/** Signed webhook call: the same bytes are signed and sent. */
export function postReadings(c: TestContext, body: unknown, options: { secret?: string; timestamp?: number; signature?: string; raw?: string } = {}) {
  const raw = options.raw ?? JSON.stringify(body)
  const ts = String(options.timestamp ?? Math.floor(c.clock.now().getTime() / 1000))
  const signature = options.signature ?? signWebhook(options.secret ?? IOT_SECRET, ts, raw)
  return c.call('POST', '/api/v1/iot/meters/readings', { raw, headers: { 'content-type': 'application/json', 'x-linli-timestamp': ts, 'x-linli-signature': signature } })
}

export async function countReadings(db: Kdb, meterPrefix: string): Promise<number> {
  const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM care_readings WHERE meter_id LIKE ${`${meterPrefix}%`}`.execute(db)
  return r.rows[0].n
}
