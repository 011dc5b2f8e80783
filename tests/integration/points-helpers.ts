import { sql } from 'kysely'
import type { TestContext } from '../helpers/app'
import { newId } from '../../cloud/platform/ids'
import { signSession } from '../../cloud/platform/auth'
import { earnPoints } from '../../cloud/points/earn-points'
import { checkCommunity } from '../../cloud/points/reconcile-points'
import { insertGoods } from '../../cloud/points/repository/goods'
import { findRule, insertRule } from '../../cloud/points/repository/rules'

/** Every invariant of the ledger: journals sum to zero, balances = entries = lots, available ≥ 0, stock ≥ 0. */
export async function ledgerProblems(c: TestContext): Promise<unknown[]> {
  const problems: unknown[] = []
  const communities = await c.db.kysely.selectFrom('points_accounts').select('community_id').distinct().execute()
  for (const { community_id } of communities) {
    const r = await checkCommunity(c.db.kysely, community_id)
    if (!r.ok) problems.push(r)
  }
  const negative = await sql<{ what: string; id: string }>`
    SELECT 'account' AS what, id::text FROM points_accounts WHERE (kind <> 'issuing' AND available < 0) OR held < 0
    UNION ALL SELECT 'goods', id::text FROM points_goods WHERE stock < 0
    UNION ALL SELECT 'lot', id::text FROM points_lots WHERE remaining < 0 OR remaining > amount`.execute(c.db.kysely)
  problems.push(...negative.rows)
  return problems
}

export async function communityId(c: TestContext, name = '东湖社区'): Promise<string> {
  return (await c.db.kysely.selectFrom('org_units').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id
}

/** n new residents of a community, each with a session token (no SMS round trips). */
export async function makeResidents(c: TestContext, n: number, community: string): Promise<{ id: string; token: string }[]> {
  const people = Array.from({ length: n }, (_, i) => ({ id: newId(), name: `测试居民${i}` }))
  const now = c.clock.now()
  await c.db.kysely
    .insertInto('users')
    .values(people.map((p) => ({ id: p.id, name: p.name, community_id: community, created_at: now })))
    .execute()
  await c.db.kysely
    .insertInto('role_assignments')
    .values(people.map((p) => ({ id: newId(), user_id: p.id, role: 'resident', org_unit_id: community, created_at: now })))
    .execute()
  return Promise.all(people.map(async (p) => ({ id: p.id, token: (await signSession(p.id, c.deps.config.jwtSecret, now, 30)).token })))
}

/** A rule without caps or review, for credits made directly through the ledger. */
export async function plainRule(c: TestContext, community: string, name = '测试加分') {
  const row = await insertRule(
    c.db.kysely,
    community,
    { kind: 'custom', name, description: '', points: 1, needs_review: false, daily_cap: null, monthly_cap: null, active_from: null, active_until: null, active: true },
    null as unknown as string,
    c.clock.now(),
  )
  return (await findRule(c.db.kysely, row.id))!
}

export async function give(c: TestContext, community: string, userId: string, points: number, rule: Awaited<ReturnType<typeof plainRule>>) {
  return earnPoints(c.db.kysely, c.clock.now(), { communityId: community, userId, rule: { ...rule, points }, sourceType: 'seed', sourceId: newId() })
}

export async function makeGoods(c: TestContext, community: string, v: { name: string; price: number; stock: number; perPersonLimit?: number | null }) {
  return insertGoods(
    c.db.kysely,
    community,
    { name: v.name, description: '', photo_url: null, kind: 'goods', price: v.price, stock: v.stock, per_person_limit: v.perPersonLimit ?? null, active_from: null, active_until: null, active: true },
    c.clock.now(),
  )
}
