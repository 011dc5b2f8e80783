import { sql } from 'kysely'
import { newId } from '../../cloud/platform/ids'
import { loadActor } from '../../cloud/accounts/repository/people'
import { credit, earnPoints } from '../../cloud/points/earn-points'
import { redeemGoods } from '../../cloud/points/redeem-goods'
import { getMyPoints, listPointsHistory } from '../../cloud/points/get-my-points'
import { checkCommunity } from '../../cloud/points/reconcile-points'
import { ensureResidentAccount, ensureSystemAccount, slotOf, SYSTEM_SLOTS } from '../../cloud/points/repository/accounts'
import { insertEarning } from '../../cloud/points/repository/earnings'
import { insertGoods } from '../../cloud/points/repository/goods'
import { findRule, insertRule } from '../../cloud/points/repository/rules'
import { drive, p, openBenchDb, type Emit } from './lib'

/**
 * 积分制 on PostgreSQL, through the real use cases: earn throughput (32 clients), redeem (hold)
 * throughput on one hot item, balance + history p95 with 1,000,000 entries in the community, and
 * reconciliation time over those entries.
 */
export default async function (emit: Emit, { databaseUrl }: { databaseUrl?: string | null }): Promise<void> {
  if (!databaseUrl) {
    emit({ figure: 'points', skipped: 'needs DATABASE_URL' })
    return
  }
  const CLIENTS = 32
  const now = new Date('2026-11-27T04:00:00Z')
  const bench = await openBenchDb(databaseUrl, 'points', { poolSize: CLIENTS, seededAt: now })
  try {
    const k = bench.db.kysely
    const deps = bench.deps(now) // the points use cases never touch photo storage
    const community = (await k.selectFrom('org_units').select('id').where('name', '=', '东湖社区').executeTakeFirstOrThrow()).id
    const ruleRow = await insertRule(
      k,
      community,
      { kind: 'custom', name: '压测加分', description: '', points: 5, needs_review: false, daily_cap: null, monthly_cap: null, active_from: null, active_until: null, active: true },
      (await k.selectFrom('users').select('id').where('username', '=', 'staff01').executeTakeFirstOrThrow()).id,
      now,
    )
    const rule = (await findRule(k, ruleRow.id))!
    const capped = (await findRule(
      k,
      (
        await insertRule(
          k,
          community,
          { kind: 'custom', name: '压测封顶', description: '', points: 5, needs_review: false, daily_cap: 1000, monthly_cap: 10000, active_from: null, active_until: null, active: true },
          ruleRow.created_by!,
          now,
        )
      ).id,
    ))!
    const RESIDENTS = 2000
    const users = Array.from({ length: RESIDENTS }, (_, i) => ({ id: newId(), name: `压测居民${i}` }))
    for (let i = 0; i < users.length; i += 500) {
      const chunk = users.slice(i, i + 500)
      await k
        .insertInto('users')
        .values(chunk.map((u) => ({ id: u.id, name: u.name, community_id: community, created_at: now })))
        .execute()
      await k
        .insertInto('role_assignments')
        .values(chunk.map((u) => ({ id: newId(), user_id: u.id, role: 'resident', org_unit_id: community, created_at: now })))
        .execute()
    }
    for (let s = 0; s < SYSTEM_SLOTS; s++) await ensureSystemAccount(k, community, 'issuing', s, now)

    // 1. earn throughput: 8,000 credits from distinct events, 4 per resident (accounts exist after the warm-up)
    const warm = await drive(
      users.map((u) => () => earnPoints(k, now, { communityId: community, userId: u.id, rule, sourceType: 'seed', sourceId: `warm:${u.id}` })),
      CLIENTS,
    )
    const earnJobs = Array.from({ length: 8000 }, (_, i) => () => earnPoints(k, now, { communityId: community, userId: users[i % RESIDENTS].id, rule, sourceType: 'seed', sourceId: `earn:${i}` }))
    const earn = await drive(earnJobs, CLIENTS)
    emit({
      figure: 'points_earn_throughput',
      db: 'pg',
      clients: CLIENTS,
      credits: earnJobs.length,
      creditsPerSecond: earn.perSecond,
      failed: earn.failed,
      target: '>= 2000/s',
      firstCreditsPerSecond: warm.perSecond,
    })
    const cappedJobs = Array.from(
      { length: 4000 },
      (_, i) => () => earnPoints(k, now, { communityId: community, userId: users[i % RESIDENTS].id, rule: capped, sourceType: 'seed', sourceId: `cap:${i}` }),
    )
    const cap = await drive(cappedJobs, CLIENTS)
    emit({ figure: 'points_earn_throughput_with_caps', db: 'pg', clients: CLIENTS, credits: cappedJobs.length, creditsPerSecond: cap.perSecond, failed: cap.failed })
    const dup = Array.from({ length: 4000 }, (_, i) => () => earnPoints(k, now, { communityId: community, userId: users[i % RESIDENTS].id, rule, sourceType: 'seed', sourceId: `earn:${i}` }))
    const dupRate = await drive(dup, CLIENTS)
    emit({
      figure: 'points_earn_duplicate_delivery',
      db: 'pg',
      clients: CLIENTS,
      deliveries: dup.length,
      perSecond: dupRate.perSecond,
      note: 'already-credited events: recorded once, answered from the first record',
    })
    // the same credits the way they were posted before migration 0008 (about 7 round trips in a
    // transaction: earning, lot, journal + entries, two balance updates), measured under the same load
    const legacyJobs = Array.from({ length: 4000 }, (_, i) => async () => {
      const userId = users[i % RESIDENTS].id
      const accountId = await ensureResidentAccount(k, community, userId, now)
      const issuingId = await ensureSystemAccount(k, community, 'issuing', slotOf(userId), now)
      const id = newId()
      await k.transaction().execute(async (tx) => {
        const inserted = await insertEarning(tx, { id, communityId: community, userId, ruleId: rule.id, sourceType: 'seed', sourceId: `legacy:${i}`, status: 'capped', note: '', now })
        if (inserted) await credit(tx, now, { earningId: id, accountId, issuingId, communityId: community, userId, rule, fromStatus: 'capped', decidedBy: null })
      })
    })
    const legacy = await drive(legacyJobs, CLIENTS)
    const again = await drive(
      Array.from({ length: 4000 }, (_, i) => () => earnPoints(k, now, { communityId: community, userId: users[i % RESIDENTS].id, rule, sourceType: 'seed', sourceId: `again:${i}` })),
      CLIENTS,
    )
    emit({
      figure: 'points_earn_one_round_trip_vs_multi_statement',
      db: 'pg',
      clients: CLIENTS,
      oneRoundTripPerSecond: again.perSecond,
      multiStatementPerSecond: legacy.perSecond,
      failed: legacy.failed + again.failed,
    })
    if (process.env.POINTS_BENCH_ONLY === 'earn') return

    // 2. redeem (hold) throughput on one hot item: every resident has ≥ 25 points, 4,000 holds of 1 point
    const hot = await insertGoods(
      k,
      community,
      { name: '压测热门', description: '', photo_url: null, kind: 'goods', price: 1, stock: 100_000, per_person_limit: null, active_from: null, active_until: null, active: true },
      now,
    )
    const actors = await Promise.all(users.map((u) => loadActor(k, u.id)))
    const holdJobs = Array.from({ length: 4000 }, (_, i) => () => redeemGoods(deps, actors[i % RESIDENTS]!, { goodsId: hot }))
    const hold = await drive(holdJobs, CLIENTS)
    const left = await k.selectFrom('points_goods').select('stock').where('id', '=', hot).executeTakeFirstOrThrow()
    emit({ figure: 'points_redeem_hot_item', db: 'pg', clients: CLIENTS, holds: holdJobs.length - hold.failed, holdsPerSecond: hold.perSecond, failed: hold.failed, stockLeft: left.stock })

    // 3. 1,000,000 entries in the community: bulk earn journals (2 entries each) spread over the residents
    const accounts = await k.selectFrom('points_accounts').select(['id', 'user_id']).where('community_id', '=', community).where('kind', '=', 'resident').execute()
    const issuing = await k.selectFrom('points_accounts').select('id').where('community_id', '=', community).where('kind', '=', 'issuing').execute()
    const existing = Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM points_entries WHERE community_id = ${community}`.execute(k)).rows[0].n)
    const journals = Math.ceil((1_000_000 - existing) / 2)
    const started = performance.now()
    await sql`
      CREATE TEMP TABLE bench_acc AS SELECT row_number() OVER (ORDER BY id) - 1 AS i, id FROM points_accounts WHERE id = ANY(${accounts.map((a) => a.id)}::uuid[]);
    `.execute(k)
    await sql`
      WITH j AS (
        INSERT INTO points_journals (id, community_id, kind, memo, created_at)
        SELECT gen_random_uuid(), ${community}, 'earn', '压测加分', ${now}::timestamptz - (g || ' minutes')::interval
        FROM generate_series(1, ${journals}) g
        RETURNING id, created_at),
      n AS (SELECT id, created_at, row_number() OVER () AS r FROM j),
      e AS (
        INSERT INTO points_entries (journal_id, account_id, community_id, bucket, amount, created_at)
        SELECT n.id, a.id, ${community}::uuid, 'available', 3, n.created_at FROM n JOIN bench_acc a ON a.i = n.r % ${accounts.length}
        UNION ALL
        SELECT n.id, ${issuing[0].id}::uuid, ${community}::uuid, 'available', -3, n.created_at FROM n
        RETURNING 1)
      INSERT INTO points_lots (id, account_id, journal_id, amount, remaining, expires_on, created_at)
      SELECT gen_random_uuid(), a.id, n.id, 3, 3, '2027-12-31', n.created_at FROM n JOIN bench_acc a ON a.i = n.r % ${accounts.length}`.execute(k)
    // the account rows follow their entries, as the ledger keeps them
    await sql`
      UPDATE points_accounts a SET available = s.av
      FROM (SELECT account_id, sum(amount) FILTER (WHERE bucket = 'available') AS av FROM points_entries WHERE community_id = ${community} GROUP BY account_id) s
      WHERE s.account_id = a.id`.execute(k)
    await sql`ANALYZE`.execute(k)
    const total = Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM points_entries WHERE community_id = ${community}`.execute(k)).rows[0].n)
    emit({ figure: 'points_bulk_ledger_load', db: 'pg', entries: total, seconds: Math.round((performance.now() - started) / 100) / 10 })

    const timings: number[] = []
    for (let i = 0; i < 400; i++) {
      const actor = actors[(i * 7919) % RESIDENTS]!
      const t = performance.now()
      await getMyPoints(deps, actor)
      await listPointsHistory(deps, actor, { limit: 20 })
      timings.push(performance.now() - t)
    }
    emit({ figure: 'points_balance_and_history', db: 'pg', entriesInCommunity: total, samples: timings.length, p50ms: p(timings, 0.5), p95ms: p(timings, 0.95), target: 'p95 < 20 ms' })

    const runs: number[] = []
    let ok = false
    for (let i = 0; i < 3; i++) {
      const t = performance.now()
      ok = (await checkCommunity(k, community)).ok
      runs.push(performance.now() - t)
    }
    emit({ figure: 'points_reconciliation', db: 'pg', entries: total, ok, bestMs: Math.round(Math.min(...runs)), runsMs: runs.map(Math.round) })
  } finally {
    await bench.close()
  }
}
