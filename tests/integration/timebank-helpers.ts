import { sql } from 'kysely'
import type { TestContext } from '../helpers/app'
import { newId } from '../../cloud/platform/ids'
import { checkLedger } from '../../cloud/timebank/repository/ledger'

/** Near 赵秀英's door (seeded place 31.2095, 121.4330) and about 1.1 km away. */
export const AT_ZHAO = { lat: 31.2096, lng: 121.4331 }
export const FAR_AWAY = { lat: 31.2195, lng: 121.4331 }

export async function userId(c: TestContext, phoneOrName: string): Promise<string> {
  const row = await c.db.kysely
    .selectFrom('users')
    .select('id')
    .where((eb) => eb.or([eb('phone', '=', phoneOrName), eb('name', '=', phoneOrName), eb('username', '=', phoneOrName)]))
    .executeTakeFirstOrThrow()
  return row.id
}

export async function communityId(c: TestContext, name: string): Promise<string> {
  return (await c.db.kysely.selectFrom('org_units').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id
}

/** A new resident (demo account: SMS 123456 logs in), optionally a volunteer. */
export async function addPerson(c: TestContext, o: { name: string; phone: string; birthDate: string; community?: string; volunteer?: boolean }): Promise<string> {
  const id = newId()
  const community = await communityId(c, o.community ?? '东湖社区')
  await c.db.kysely
    .insertInto('users')
    .values({ id, name: o.name, phone: o.phone, birth_date: o.birthDate, community_id: community, address: '东湖路 1 号', demo_account: true, created_at: c.clock.now() })
    .execute()
  await c.db.kysely.insertInto('role_assignments').values({ id: newId(), user_id: id, role: 'resident', org_unit_id: community, created_at: c.clock.now() }).execute()
  if (o.volunteer) await c.db.kysely.insertInto('role_assignments').values({ id: newId(), user_id: id, role: 'volunteer', org_unit_id: community, created_at: c.clock.now() }).execute()
  return id
}

export async function balanceOf(c: TestContext, id: string): Promise<number> {
  const row = await c.db.kysely.selectFrom('timebank_accounts').select('balance').where('user_id', '=', id).executeTakeFirst()
  return Number(row?.balance ?? 0)
}

export async function serveJournals(c: TestContext, requestId: string): Promise<number> {
  const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM timebank_journals WHERE request_id = ${requestId} AND kind = 'serve'`.execute(c.db.kysely)
  return r.rows[0].n
}

/** Every invariant of the minutes ledger. */
export async function expectTimebankInvariants(c: TestContext): Promise<void> {
  expect(await checkLedger(c.db.kysely)).toEqual({ unbalancedJournals: [], driftedAccounts: [], negativeMembers: [] })
  const doubled = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM (SELECT request_id FROM timebank_journals WHERE kind = 'serve' GROUP BY request_id HAVING count(*) > 1) x`.execute(c.db.kysely)
  expect(doubled.rows[0].n).toBe(0)
  // a confirmed request's credit equals its serve journal (net of nothing: reversals are separate journals)
  const mismatch = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM timebank_requests r
    LEFT JOIN timebank_journals j ON j.request_id = r.id AND j.kind = 'serve'
    LEFT JOIN timebank_entries e ON e.journal_id = j.id AND e.amount > 0
    WHERE r.status = 'confirmed' AND coalesce(e.amount, 0) <> r.credited_minutes`.execute(c.db.kysely)
  expect(mismatch.rows[0].n).toBe(0)
}

/** Posts a request for 赵秀英 by herself, starting `inMinutes` (default 45: inside the 60-minute check-in window) from now. */
export async function newRequest(c: TestContext, token: string, o: { inMinutes?: number; elderId?: string; maxMinutes?: number; serviceType?: string } = {}) {
  const startsAt = new Date(c.clock.now().getTime() + (o.inMinutes ?? 45) * 60_000)
  const res = await c.call('POST', '/api/v1/timebank/requests', {
    token,
    body: {
      ...(o.elderId ? { elderId: o.elderId } : {}),
      serviceType: o.serviceType ?? 'companionship',
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 120 * 60_000).toISOString(),
      estimateMinutes: 60,
      ...(o.maxMinutes ? { maxMinutes: o.maxMinutes } : {}),
      notes: '耳背，请大声敲门',
    },
  })
  if (res.status !== 201) throw new Error(`request failed: ${JSON.stringify(res.body)}`)
  return res.body as { id: string; version: number; status: string }
}

/** accept → check-in at the door → `minutes` later check-out at the door. Leaves the clock after check-out. */
export async function serve(c: TestContext, volunteer: string, requestId: string, minutes: number): Promise<void> {
  const a = await c.call('POST', `/api/v1/timebank/requests/${requestId}/accept`, { token: volunteer, body: {} })
  if (a.status !== 200) throw new Error(`accept: ${JSON.stringify(a.body)}`)
  const i = await c.call('POST', `/api/v1/timebank/requests/${requestId}/check-in`, { token: volunteer, body: { location: AT_ZHAO } })
  if (i.status !== 200) throw new Error(`check-in: ${JSON.stringify(i.body)}`)
  c.clock.advance(minutes)
  const o = await c.call('POST', `/api/v1/timebank/requests/${requestId}/check-out`, { token: volunteer, body: { location: AT_ZHAO } })
  if (o.status !== 200) throw new Error(`check-out: ${JSON.stringify(o.body)}`)
}
