import { signSession } from '../../cloud/platform/auth'
import { hashPassword } from '../../cloud/platform/auth'
import { newId } from '../../cloud/platform/ids'
import type { TestContext } from '../helpers/app'

/** Test helpers for 体检预约 (not a test file: no describe here). */

export async function userId(c: TestContext, phoneOrName: string): Promise<string> {
  const q = c.db.kysely.selectFrom('users').select('id')
  const row = await (
    /^\d+$/.test(phoneOrName) ? q.where('phone', '=', phoneOrName) : /^[a-z]/.test(phoneOrName) ? q.where('username', '=', phoneOrName) : q.where('name', '=', phoneOrName)
  ).executeTakeFirstOrThrow()
  return row.id
}

export async function communityId(c: TestContext, name: string): Promise<string> {
  return (await c.db.kysely.selectFrom('org_units').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id
}

/** Eligible elders (born 1950, 东湖社区) with health consent, and a session token each. */
export async function makeElders(c: TestContext, n: number, opts: { consent?: boolean; community?: string; prefix?: string } = {}): Promise<{ id: string; token: string }[]> {
  const community = await communityId(c, opts.community ?? '东湖社区')
  const now = c.clock.now()
  const rows = Array.from({ length: n }, (_, i) => ({
    id: newId(),
    name: `${opts.prefix ?? '测试老人'}${i}`,
    birth_date: '1950-05-01',
    community_id: community,
    created_at: now,
  }))
  for (let i = 0; i < rows.length; i += 500)
    await c.db.kysely
      .insertInto('users')
      .values(rows.slice(i, i + 500))
      .execute()
  if (opts.consent !== false) {
    const consents = rows.map((r) => ({ id: newId(), user_id: r.id, kind: 'health', version: '2026-11', accepted_at: now, recorded_by: null }))
    for (let i = 0; i < consents.length; i += 500)
      await c.db.kysely
        .insertInto('consents')
        .values(consents.slice(i, i + 500))
        .execute()
  }
  const secret = c.deps.config.jwtSecret
  return Promise.all(rows.map(async (r) => ({ id: r.id, token: (await signSession(r.id, secret, now, 30)).token })))
}

/** Staff of another community (高安社区) who must not see 东湖's elders. */
export async function otherCommunityStaff(c: TestContext): Promise<string> {
  const id = newId()
  const username = `gaoan${Math.floor(Math.random() * 1e6)}`
  await c.db.kysely
    .insertInto('users')
    .values({ id, name: '高安社工', username, password_hash: await hashPassword('demo1234'), created_at: c.clock.now() })
    .execute()
  await c.db.kysely
    .insertInto('role_assignments')
    .values({ id: newId(), user_id: id, role: 'community_staff', org_unit_id: await communityId(c, '高安社区'), created_at: c.clock.now() })
    .execute()
  return c.login(username)
}

/** A fresh 东湖 campaign (year given, booking open now, nothing held back) with one day of sessions. */
export async function campaignWithSessions(
  c: TestContext,
  staff: string,
  opts: { year: number; date: string; capacity: number; slots?: number; heldBack?: number; offerMinutes?: number },
): Promise<{ campaignId: string; sessions: { id: string; startsAt: string; capacity: number; booked: number; remaining: number }[] }> {
  const campaign = await c.call('POST', '/api/v1/staff/checkups/campaigns', {
    token: staff,
    body: {
      communityId: await communityId(c, '东湖社区'),
      year: opts.year,
      title: `${opts.year}年测试体检`,
      releaseAt: c.clock.now().toISOString(),
      heldBack: opts.heldBack ?? 0,
      offerMinutes: opts.offerMinutes ?? 120,
    },
  })
  if (campaign.status !== 201) throw new Error(`campaign: ${JSON.stringify(campaign.body)}`)
  const slots = opts.slots ?? 2
  const created = await c.call('POST', `/api/v1/staff/checkups/campaigns/${campaign.body.id}/sessions`, {
    token: staff,
    body: {
      from: opts.date,
      to: opts.date,
      weekdaysOnly: false,
      dayStart: '08:00',
      dayEnd: `${String(8 + slots).padStart(2, '0')}:00`,
      slotMinutes: 60,
      capacity: opts.capacity,
      place: '东湖社区卫生服务站',
    },
  })
  if (created.status !== 201) throw new Error(`sessions: ${JSON.stringify(created.body)}`)
  return { campaignId: campaign.body.id, sessions: created.body.items }
}

export async function sessionRow(c: TestContext, id: string) {
  return c.db.kysely.selectFrom('checkup_sessions').select(['capacity', 'booked', 'status']).where('id', '=', id).executeTakeFirstOrThrow()
}

export async function activeBookings(c: TestContext, sessionId: string): Promise<number> {
  const rows = await c.db.kysely.selectFrom('checkup_bookings').select('id').where('session_id', '=', sessionId).where('status', 'in', ['booked', 'checked_in', 'done']).execute()
  return rows.length
}
