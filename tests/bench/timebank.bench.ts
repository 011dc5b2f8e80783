import { sql } from 'kysely'
import { newId } from '../../cloud/platform/ids'
import { loadActor } from '../../cloud/accounts/repository/people'
import { listOpenRequests } from '../../cloud/timebank/list-open-requests'
import { confirmService } from '../../cloud/timebank/confirm-service'
import { acceptRequest } from '../../cloud/timebank/accept-request'
import { checkLedger } from '../../cloud/timebank/repository/ledger'
import { drive, p, openBenchDb, type Emit } from './lib'

/**
 * 时间银行 through the real use cases: the 接单 query (open requests of a community) p95 with 50,000
 * requests in the street, and confirmation throughput (each confirm: guarded transition, caps,
 * double-entry posting, outbox event, notice) on PostgreSQL.
 */
export default async function (emit: Emit, { databaseUrl }: { databaseUrl?: string | null }): Promise<void> {
  const CLIENTS = 32
  const bench = await openBenchDb(databaseUrl, 'timebank', { poolSize: CLIENTS, seededAt: new Date('2026-11-20T02:00:00Z') })
  const kind = databaseUrl ? 'pg' : 'pglite'
  try {
    const now = new Date('2026-11-27T04:00:00Z')
    const db = bench.db
    const k = db.kysely
    const deps = bench.deps(now)
    const communities = await k.selectFrom('org_units').select(['id', 'name']).where('kind', '=', 'community').execute()
    const donghu = communities.find((c) => c.name === '东湖社区')!.id
    const elder = (await k.selectFrom('users').select('id').where('phone', '=', '13800000004').executeTakeFirstOrThrow()).id

    // 1. 50,000 requests over the street's five communities: a fifth open (upcoming), the rest done or cancelled
    const started = performance.now()
    await sql`
      INSERT INTO timebank_requests (id, community_id, elder_id, requested_by, service_type, starts_at, ends_at, address, lat, lng, estimate_minutes, max_minutes, status, created_at, updated_at)
      SELECT gen_random_uuid(), (${sql.raw(`ARRAY[${communities.map((c) => `'${c.id}'::uuid`).join(',')}]`)})[1 + g % ${communities.length}], ${elder}, ${elder},
             (ARRAY['companionship','shopping','cleaning','escort','repair','tech_help','haircut','meal_delivery'])[1 + g % 8],
             ${now}::timestamptz + ((g % 2000) - 400 || ' hours')::interval, ${now}::timestamptz + ((g % 2000) - 398 || ' hours')::interval,
             '压测地址', 31.165 + (g % 997) * 0.00009, 121.38 + (g % 991) * 0.0001, 60, 120, CASE WHEN g % 5 = 0 THEN 'open' ELSE 'cancelled' END, ${now}, ${now}
      FROM generate_series(1, 50000) g`.execute(k)
    await sql`ANALYZE timebank_requests`.execute(k)
    const total = Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM timebank_requests`.execute(k)).rows[0].n)
    emit({ figure: 'timebank_bulk_requests', db: kind, requests: total, seconds: Math.round((performance.now() - started) / 100) / 10 })

    const volunteer = (await loadActor(k, (await k.selectFrom('users').select('id').where('phone', '=', '13800000002').executeTakeFirstOrThrow()).id))!
    const times: number[] = []
    for (let i = 0; i < 300; i++) {
      const t = performance.now()
      const page = await listOpenRequests(deps, volunteer, { limit: 20, radiusM: 3000, ...(i % 3 === 0 ? { serviceType: 'escort' as const } : {}) })
      times.push(performance.now() - t)
      if (page.items.length === 0) throw new Error('bench: no open requests found')
    }
    emit({ figure: 'timebank_open_requests_query', db: kind, requests: total, samples: times.length, p50Ms: p(times, 0.5), p95Ms: p(times, 0.95), target: 'p95 < 30 ms' })

    // 1b. 附近: the same list nearest first from the volunteer's position (bounding box + haversine, 3 km)
    const nearTimes: number[] = []
    let nearCount = 0
    for (let i = 0; i < 300; i++) {
      const t = performance.now()
      const page = await listOpenRequests(deps, volunteer, { limit: 20, radiusM: 3000, lat: 31.2095 + (i % 7) * 0.001, lng: 121.433, ...(i % 3 === 0 ? { serviceType: 'escort' as const } : {}) })
      nearTimes.push(performance.now() - t)
      nearCount += page.items.length
    }
    if (nearCount === 0) throw new Error('bench: nothing nearby')
    emit({ figure: 'timebank_nearby_requests_query', db: kind, requests: total, samples: nearTimes.length, p50Ms: p(nearTimes, 0.5), p95Ms: p(nearTimes, 0.95), target: 'p95 < 30 ms' })

    // 2. confirmation throughput: 2,000 services awaiting confirmation, 1,000 volunteers × 2 (under the daily cap),
    //    each volunteer's two next to each other (their confirmations queue on the volunteer's cap rows).
    //    A confirmation is two round trips: timebank_request_context (the read), timebank_confirm (every write).
    if (!databaseUrl) {
      emit({ figure: 'timebank_confirm_throughput', skipped: 'needs DATABASE_URL (PGlite serialises transactions)' })
      return
    }
    const VOLUNTEERS = 1000
    const vols = Array.from({ length: VOLUNTEERS }, (_, i) => ({ id: newId(), name: `压测志愿者${i}` }))
    for (let i = 0; i < vols.length; i += 500) {
      const chunk = vols.slice(i, i + 500)
      await k
        .insertInto('users')
        .values(chunk.map((u) => ({ id: u.id, name: u.name, community_id: donghu, birth_date: '1990-01-01', created_at: now })))
        .execute()
    }
    const ids: string[] = []
    const rows = vols.flatMap((v) => [0, 1].map(() => ({ id: newId(), volunteer: v.id })))
    for (let i = 0; i < rows.length; i += 500) {
      const chunk = rows.slice(i, i + 500)
      await k
        .insertInto('timebank_requests')
        .values(
          chunk.map((r) => ({
            id: r.id,
            community_id: donghu,
            elder_id: elder,
            requested_by: elder,
            service_type: 'companionship',
            starts_at: new Date(now.getTime() - 3 * 3_600_000),
            ends_at: new Date(now.getTime() - 1 * 3_600_000),
            address: '压测地址',
            estimate_minutes: 60,
            max_minutes: 120,
            status: 'awaiting_confirmation' as const,
            volunteer_id: r.volunteer,
            check_in_at: new Date(now.getTime() - 3 * 3_600_000),
            check_out_at: new Date(now.getTime() - 2 * 3_600_000),
            minutes: 60,
            created_at: now,
            updated_at: now,
          })),
        )
        .execute()
      ids.push(...chunk.map((r) => r.id))
    }
    const elderActor = (await loadActor(k, elder))!
    const confirm = await drive(
      ids.map((id) => () => confirmService(deps, elderActor, id, { rating: 5 })),
      CLIENTS,
    )
    const ledger = await checkLedger(k)
    emit({
      figure: 'timebank_confirm_throughput',
      db: 'pg',
      clients: CLIENTS,
      confirmations: ids.length - confirm.failed,
      confirmsPerSecond: confirm.perSecond,
      p50Ms: p(confirm.times, 0.5),
      p95Ms: p(confirm.times, 0.95),
      failed: confirm.failed,
      ledgerOk: ledger.unbalancedJournals.length === 0 && ledger.driftedAccounts.length === 0 && ledger.negativeMembers.length === 0,
    })
    // 3. ten requests that need 20 volunteers each, 200 verified volunteers racing (two tries each): exactly 200 places
    const racers = vols.slice(0, 200)
    await k
      .insertInto('role_assignments')
      .values(racers.map((v) => ({ id: newId(), user_id: v.id, role: 'volunteer', org_unit_id: donghu, created_at: now })))
      .execute()
    const groupId = newId()
    await k
      .insertInto('timebank_requests')
      .values({
        id: groupId,
        community_id: donghu,
        elder_id: elder,
        requested_by: elder,
        service_type: 'cleaning',
        starts_at: new Date(now.getTime() + 86_400_000),
        ends_at: new Date(now.getTime() + 90_000_000),
        address: '压测地址',
        estimate_minutes: 60,
        max_minutes: 120,
        status: 'open',
        volunteers_needed: 20,
        created_at: now,
        updated_at: now,
      })
      .execute()
    const groups = [groupId]
    for (let g = 1; g < 10; g++) {
      const id = newId()
      await k
        .insertInto('timebank_requests')
        .values({
          id,
          community_id: donghu,
          elder_id: elder,
          requested_by: elder,
          service_type: 'cleaning',
          starts_at: new Date(now.getTime() + 86_400_000),
          ends_at: new Date(now.getTime() + 90_000_000),
          address: '压测地址',
          estimate_minutes: 60,
          max_minutes: 120,
          status: 'open',
          volunteers_needed: 20,
          created_at: now,
          updated_at: now,
        })
        .execute()
      groups.push(id)
    }
    const actors = await Promise.all(racers.map((v) => loadActor(k, v.id)))
    // every volunteer tries two groups (400 accepts for 200 places)
    const tries = actors.flatMap((a, i) => [groups[i % 10], groups[(i + 3) % 10]].map((g) => () => acceptRequest(deps, a!, g, {})))
    const accepted = await drive(tries, CLIENTS)
    const taken = Number((await sql<{ n: number }>`SELECT coalesce(sum(places_taken), 0)::int AS n FROM timebank_requests WHERE id = ANY(${groups}::uuid[])`.execute(k)).rows[0].n)
    const placeRows = Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM timebank_requests WHERE parent_id = ANY(${groups}::uuid[])`.execute(k)).rows[0].n)
    emit({
      figure: 'timebank_group_accept',
      db: 'pg',
      clients: CLIENTS,
      attempts: tries.length,
      acceptsPerSecond: accepted.perSecond,
      placesTaken: taken,
      placeRows,
      refused: accepted.failed,
      ok: taken === 200 && placeRows === 200,
    })

    const one = ids[0]
    emit({
      figure: 'timebank_serve_journals_per_service',
      db: 'pg',
      journals: Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM timebank_journals WHERE request_id = ${one} AND kind = 'serve'`.execute(k)).rows[0].n),
    })
  } finally {
    await bench.close()
  }
}
