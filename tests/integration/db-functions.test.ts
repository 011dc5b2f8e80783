import { sql } from 'kysely'
import { describeEachDb } from '../helpers/app'
import { loadFunctions, loadMigrations, migrate } from '../../cloud/db/migrate'
import { notify } from '../../cloud/platform/notices'
import { scheduleJob } from '../../cloud/platform/jobs'
import { newId } from '../../cloud/platform/ids'
import type { Kdb } from '../../cloud/db/db'

/** Our own functions in public (the extensions' functions live there too and are left out). */
async function installedFunctions(db: Kdb): Promise<{ name: string; def: string }[]> {
  const r = await sql<{ name: string; def: string }>`
    SELECT p.proname AS name, pg_get_functiondef(p.oid) AS def
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname = 'public' AND p.prokind IN ('f', 'p')
      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
    ORDER BY p.proname`.execute(db)
  return r.rows
}

/** The definition a file makes, created in a scratch schema that is rolled back. */
async function definitionOfFile(db: Kdb, name: string, file: string): Promise<string[]> {
  return db.connection().execute(async (conn) => {
    await sql.raw('BEGIN').execute(conn)
    try {
      await sql.raw('CREATE SCHEMA linli_fn_check; SET LOCAL search_path = linli_fn_check, public').execute(conn)
      await sql.raw(file).execute(conn)
      const r = await sql<{ def: string }>`
        SELECT pg_get_functiondef(p.oid) AS def FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = 'linli_fn_check' AND p.proname = ${name}`.execute(conn)
      return r.rows.map((x) => x.def.replace(/linli_fn_check\./g, 'public.'))
    } finally {
      await sql.raw('ROLLBACK').execute(conn)
    }
  })
}

describeEachDb('database functions (cloud/db/functions)', (ctx) => {
  const files = loadFunctions()

  it('every function in the database has its file, and each file is exactly what is installed', async () => {
    const { db } = ctx()
    const installed = await installedFunctions(db.kysely)
    // one file per function, named after it; no overloads (a changed signature needs a migration that drops the old one)
    expect(installed.map((f) => f.name)).toEqual(files.map((f) => f.name))
    for (const file of files) {
      const fromFile = await definitionOfFile(db.kysely, file.name, file.sql)
      expect({ name: file.name, defs: fromFile }).toEqual({ name: file.name, defs: installed.filter((f) => f.name === file.name).map((f) => f.def) })
    }
  })

  it('migrate puts a file back over a body changed in the database', async () => {
    const { db } = ctx()
    const body = async () => (await sql<{ src: string }>`SELECT prosrc AS src FROM pg_proc WHERE proname = 'role_change_ends_sessions'`.execute(db.kysely)).rows[0].src
    const original = await body()
    await sql.raw(`CREATE OR REPLACE FUNCTION role_change_ends_sessions() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$`).execute(db.kysely)
    expect(await body()).not.toEqual(original)
    expect(await migrate(db.kysely)).toEqual([])
    expect(await body()).toEqual(original)
  })

  it('a migration after the files arrived changes no function body (edit cloud/db/functions/<name>.sql instead)', () => {
    const named = new Set(files.map((f) => f.name))
    const offending = loadMigrations()
      .filter((m) => m.version >= 19)
      .flatMap((m) => [...m.sql.matchAll(/CREATE\s+OR\s+REPLACE\s+FUNCTION\s+(?:public\.)?(\w+)/gi)].map((x) => ({ migration: `${m.version}_${m.name}`, fn: x[1] })))
      .filter((x) => named.has(x.fn))
    expect(offending).toEqual([])
  })

  it('notices and jobs written from SQL are the rows the TypeScript helpers write', async () => {
    const { db, clock } = ctx()
    const now = clock.now()
    const user = await db.kysely.selectFrom('users').select('id').where('phone', '=', '13800000001').executeTakeFirstOrThrow()
    const notices = async (kind: string) => {
      const rows = await db.kysely.selectFrom('notices').select(['id', 'user_id', 'kind', 'title', 'body', 'link', 'created_at', 'read_at']).where('kind', '=', kind).execute()
      const out = await db.kysely
        .selectFrom('outbox')
        .select(['id', 'topic', 'payload', 'created_at'])
        .where(sql<boolean>`payload->>'kind' = ${kind}`)
        .execute()
      return {
        notices: rows.map(({ id: _id, ...rest }) => rest),
        outbox: out.map(({ id: _id, payload, ...rest }) => {
          expect((payload as { noticeId: string }).noticeId).toBe(rows[0].id)
          const { noticeId: _n, ...p } = payload as Record<string, unknown>
          return { ...rest, payload: p }
        }),
      }
    }
    for (const link of ['/packages/points/index/index', null]) {
      const n = { userId: user.id, title: '测试', body: '一条通知', ...(link ? { link } : {}) }
      await db.kysely.transaction().execute((tx) => notify(tx, now, { ...n, kind: `test.ts.${Boolean(link)}` }))
      await sql`SELECT linli_notify(${newId()}::uuid, ${newId()}::uuid, ${user.id}::uuid, ${`test.sql.${Boolean(link)}`}::text, '测试', '一条通知', ${link}::text, ${now}::timestamptz)`.execute(
        db.kysely,
      )
      const ts = await notices(`test.ts.${Boolean(link)}`)
      const fromSql = await notices(`test.sql.${Boolean(link)}`)
      const kindless = (x: typeof ts) => JSON.parse(JSON.stringify(x).replace(/test\.(ts|sql)\./g, 'test.'))
      expect(ts.notices).toHaveLength(1)
      expect(kindless(fromSql)).toEqual(kindless(ts))
    }

    const jobs = async (kind: string) =>
      (await db.kysely.selectFrom('jobs').select(['kind', 'run_at', 'payload', 'dedupe_key', 'status', 'attempts', 'created_at']).where('kind', '=', kind).execute()).map(
        ({ kind: _k, dedupe_key, ...rest }) => ({ ...rest, dedupe: dedupe_key?.replace(/^(ts|sql):/, '') }),
      )
    for (const side of ['ts', 'sql'] as const) {
      for (let twice = 0; twice < 2; twice++) {
        if (side === 'ts') await scheduleJob(db.kysely, { kind: 'test.ts', runAt: now, payload: { a: 1 }, dedupeKey: 'ts:once' }, now)
        else await sql`SELECT linli_schedule_job(${newId()}::uuid, 'test.sql', ${now}::timestamptz, '{"a":1}'::jsonb, 'sql:once', ${now}::timestamptz)`.execute(db.kysely)
      }
    }
    expect(await jobs('test.ts')).toHaveLength(1)
    expect(await jobs('test.sql')).toEqual(await jobs('test.ts'))
  })
})
