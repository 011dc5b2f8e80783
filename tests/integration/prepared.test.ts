import { sql } from 'kysely'
import { describeEachDb } from '../helpers/app'
import { executePrepared } from '../../cloud/db/prepared'

/**
 * cloud/db/prepared.ts: the hot statements go as named prepared statements on PostgreSQL (parsed
 * once per connection), as plain statements on PGlite — with the same answers on both.
 */
describeEachDb('named prepared statements for the hot reads', (ctx) => {
  const named = (rows: { name: string; statement: string }[]) => rows.filter((r) => r.name.startsWith('linli_p'))

  it('answers each call with its own parameters, and is parsed once per connection on PostgreSQL', async () => {
    const c = ctx()
    const people = await c.db.kysely.selectFrom('users').select(['id', 'name']).orderBy('name').limit(2).execute()
    expect(people).toHaveLength(2)
    await c.db.kysely.connection().execute(async (conn) => {
      for (const round of [1, 2])
        for (const p of people) {
          const r = await executePrepared(conn, sql<{ name: string }>`SELECT name FROM accounts_me(${p.id}::uuid)`)
          expect({ round, name: r.rows[0]?.name }).toEqual({ round, name: p.name })
        }
      const plain = await sql<{ n: number }>`SELECT ${41}::int + 1 AS n`.execute(conn)
      expect(plain.rows[0].n).toBe(42)
      const prepared = await sql<{ name: string; statement: string }>`SELECT name, statement FROM pg_prepared_statements`.execute(conn)
      const mine = named(prepared.rows)
      if (c.kind === 'pg') {
        // one named statement for the accounts_me text, none for the plain one
        expect(mine.filter((s) => s.statement.includes('accounts_me('))).toHaveLength(1)
        expect(mine.some((s) => s.statement.includes('+ 1'))).toBe(false)
      } else expect(mine).toEqual([])
    })
  })

  it('a statement first met inside a failed transaction is parsed again afterwards (no "does not exist")', async () => {
    const c = ctx()
    const person = await c.db.kysely.selectFrom('users').select(['id', 'name']).orderBy('name', 'desc').limit(1).executeTakeFirstOrThrow()
    const jti = '00000000-0000-4000-8000-000000000000'
    await c.db.kysely.connection().execute(async (conn) => {
      await sql`BEGIN`.execute(conn)
      await expect(sql`SELECT 1 / 0`.execute(conn)).rejects.toThrow(/division by zero/)
      // the transaction is aborted: this one's Parse is refused with it
      await expect(executePrepared(conn, sql`SELECT * FROM accounts_identity(${person.id}::uuid, ${jti}::uuid)`)).rejects.toThrow(/aborted/)
      await sql`ROLLBACK`.execute(conn)
      const r = await executePrepared(conn, sql<{ name: string; revoked: boolean }>`SELECT * FROM accounts_identity(${person.id}::uuid, ${jti}::uuid)`)
      expect(r.rows.map((x) => ({ name: x.name, revoked: x.revoked }))).toEqual([{ name: person.name, revoked: false }])
    })
  })

  it('GET /me signs in and reads the same on every call', async () => {
    const c = ctx()
    const token = await c.login('staff01')
    const answers = await Promise.all(Array.from({ length: 12 }, () => c.call('GET', '/api/v1/me', { token })))
    expect(new Set(answers.map((a) => `${a.status} ${a.body.user?.name}`)).size).toBe(1)
    expect(answers[0].status).toBe(200)
  })
})
