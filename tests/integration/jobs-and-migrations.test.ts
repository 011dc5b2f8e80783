import { sql } from 'kysely'
import { describeEachDb } from '../helpers/app'
import { tick } from '../../cloud/app'
import { migrate, loadMigrations } from '../../cloud/db/migrate'
import { scheduleJob, runTick } from '../../cloud/platform/jobs'
import { notify } from '../../cloud/platform/notices'
import { silentLogger } from '../../cloud/platform/logger'

describeEachDb('jobs, outbox and migrations', (ctx) => {
  it('migrations are recorded once; running them again (even twice at once) applies nothing', async () => {
    const { db } = ctx()
    const all = loadMigrations()
    expect(all[0]).toMatchObject({ version: 1, name: 'foundation' })
    expect(await Promise.all([migrate(db.kysely), migrate(db.kysely)])).toEqual([[], []])
    const rows = await sql<{ version: number }>`SELECT version FROM schema_migrations`.execute(db.kysely)
    expect(rows.rows.map((r) => r.version)).toEqual(all.map((m) => m.version))
  })

  it('constraints hold in the database itself', async () => {
    const { db } = ctx()
    const user = await db.kysely.selectFrom('users').select('id').where('phone', '=', '13800000001').executeTakeFirstOrThrow()
    await expect(sql`UPDATE users SET phone = '12345' WHERE id = ${user.id}`.execute(db.kysely)).rejects.toMatchObject({ code: '23514' })
    await expect(
      sql`INSERT INTO family_links (id, elder_id, member_id, relation, scopes, status, requested_at)
          VALUES (gen_random_uuid(), ${user.id}, ${user.id}, 'child', ARRAY['view_hours'], 'pending', now())`.execute(db.kysely),
    ).rejects.toMatchObject({ code: '23514' })
    await expect(
      sql`INSERT INTO consents (id, user_id, kind, version, accepted_at) VALUES
          (gen_random_uuid(), ${user.id}, 'privacy', 'a', now()), (gen_random_uuid(), ${user.id}, 'privacy', 'b', now())`.execute(db.kysely),
    ).rejects.toMatchObject({ code: '23505' })
  })

  it('tick runs the daily job once per Shanghai day and delivers each outbox row once', async () => {
    const c = ctx()
    const user = await c.db.kysely.selectFrom('users').select('id').where('phone', '=', '13800000001').executeTakeFirstOrThrow()
    await c.db.kysely.transaction().execute((tx) => notify(tx, c.clock.now(), { userId: user.id, kind: 'test', title: '测试', body: '一条通知' }))
    // other domains' demo data schedules jobs of their own: count only the daily maintenance job
    const daily = async () => (await c.db.kysely.selectFrom('jobs').select('status').where('kind', '=', 'maintenance.daily').execute()).map((j) => j.status)
    await tick(c.deps, new Date('2026-11-27T05:00:00Z'))
    expect(await daily()).toEqual(['done'])
    expect(c.delivered.filter((d) => d.payload.kind === 'test')).toHaveLength(1)
    await tick(c.deps, new Date('2026-11-27T15:00:00Z')) // 23:00 the same day in Shanghai
    expect(await daily()).toEqual(['done'])
    await tick(c.deps, new Date('2026-11-27T16:30:00Z')) // 00:30 the next day
    expect(await daily()).toEqual(['done', 'done'])
    expect(c.delivered.filter((d) => d.payload.kind === 'test')).toHaveLength(1)
  })

  it('a failing job is retried later and not lost; a dedupe key schedules once', async () => {
    const c = ctx()
    // long before anything the demo data schedules, so only this job is due
    const now = new Date('2000-01-01T04:00:00Z')
    await scheduleJob(c.db.kysely, { kind: 'flaky', runAt: now, dedupeKey: 'flaky:1' }, now)
    await scheduleJob(c.db.kysely, { kind: 'flaky', runAt: now, dedupeKey: 'flaky:1' }, now)
    let calls = 0
    const handlers = {
      flaky: async () => {
        calls++
        if (calls === 1) throw new Error('network down')
      },
    }
    const deps = { db: c.db.kysely, notifier: c.deps.notifier, logger: silentLogger }
    expect(await runTick(deps, handlers, now)).toMatchObject({ jobsRun: 0, jobsFailed: 1 })
    expect(await runTick(deps, handlers, now)).toMatchObject({ jobsRun: 0, jobsFailed: 0 }) // backing off
    expect(await runTick(deps, handlers, new Date(now.getTime() + 5 * 60_000))).toMatchObject({ jobsRun: 1 })
    expect(calls).toBe(2)
    const job = await c.db.kysely.selectFrom('jobs').selectAll().where('dedupe_key', '=', 'flaky:1').executeTakeFirstOrThrow()
    expect(job).toMatchObject({ status: 'done', attempts: 2, last_error: 'network down' })
  })
})
