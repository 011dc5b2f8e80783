import { sql } from 'kysely'
import { loadActor } from '../../cloud/accounts/repository/people'
import { createVote } from '../../cloud/deliberation/create-vote'
import { castBallot } from '../../cloud/deliberation/cast-ballot'
import { countVote } from '../../cloud/deliberation/vote-results'
import { findVote } from '../../cloud/deliberation/repository/votes'
import { drive, p, openBenchDb, type Emit } from './lib'

const VOTERS = 5000
const CLIENTS = 32

/**
 * 表决 at a large community's scale: 5,000 residents, an electorate fixed when the vote opens, then every
 * resident's ballot (secret: participation + choices in one transaction) from 32 clients, plus a second
 * device per voter refused by the (vote, elector) key; then the recount from the ballots.
 */
export default async function (emit: Emit, { databaseUrl }: { databaseUrl?: string | null }): Promise<void> {
  if (!databaseUrl) {
    emit({ figure: 'deliberation', skipped: 'needs DATABASE_URL' })
    return
  }
  const now = new Date('2026-11-27T04:00:00Z')
  const bench = await openBenchDb(databaseUrl, 'deliberation', { poolSize: 16, seededAt: new Date(now.getTime() - 86_400_000) })
  try {
    const k = bench.db.kysely
    const deps = bench.deps(now)
    const community = (await k.selectFrom('org_units').select('id').where('name', '=', '东湖社区').executeTakeFirstOrThrow()).id
    await sql`
      INSERT INTO users (id, name, community_id, created_at) SELECT gen_random_uuid(), '压测投票人' || i, ${community}, ${new Date(now.getTime() - 3_600_000)} FROM generate_series(1, ${VOTERS}) i`.execute(
      k,
    )
    await sql`
      INSERT INTO role_assignments (id, user_id, role, org_unit_id, created_at)
      SELECT gen_random_uuid(), id, 'resident', ${community}, ${new Date(now.getTime() - 3_600_000)} FROM users WHERE name LIKE '压测投票人%'`.execute(k)
    const staff = (await loadActor(k, (await k.selectFrom('users').select('id').where('username', '=', 'staff01').executeTakeFirstOrThrow()).id))!
    const fixStarted = performance.now()
    const vote = await createVote(deps, staff, {
      orgUnitId: community,
      title: '压测表决',
      options: [{ label: '同意' }, { label: '不同意' }, { label: '弃权' }],
      kind: 'single',
      electorate: 'residents',
      secret: true,
      changeable: true,
      rule: 'plurality',
      quorumPercent: 0,
      opensAt: now,
      closesAt: new Date(now.getTime() + 7 * 86_400_000),
    })
    const fixMs = Math.round(performance.now() - fixStarted)
    const ids = (await k.selectFrom('users').select('id').where('name', 'like', '压测投票人%').execute()).map((r) => r.id)
    const actors = (await Promise.all(ids.map((id) => loadActor(k, id)))).map((a) => a!)
    const jobs = actors.flatMap((a, i) => [0, 1].map(() => () => castBallot(deps, a, vote.id, { choices: [i % 3] })))
    const run = await drive(jobs, CLIENTS)
    const counted = Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM vote_participation WHERE vote_id = ${vote.id}`.execute(k)).rows[0].n)
    const row = (await findVote(k, vote.id))!
    const times: number[] = []
    for (let i = 0; i < 20; i++) {
      const t = performance.now()
      await countVote(deps, row)
      times.push(performance.now() - t)
    }
    emit({
      figure: 'deliberation_ballots',
      voters: VOTERS,
      attempts: jobs.length,
      clients: CLIENTS,
      per_second: run.perSecond,
      refused: run.failed,
      ballots: counted,
      p50_ms: p(run.times, 0.5),
      p95_ms: p(run.times, 0.95),
      electorate_fix_ms: fixMs,
    })
    emit({ figure: 'deliberation_recount', ballots: counted, p50_ms: p(times, 0.5), p95_ms: p(times, 0.95) })
  } finally {
    await bench.close()
  }
}
