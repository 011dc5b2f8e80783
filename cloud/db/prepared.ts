import type { Kysely, QueryResult, RawBuilder } from 'kysely'
import type { DB } from './schema'

/**
 * The hottest statements (the session read of every signed-in request, GET /me, the group-commit
 * batches) go to PostgreSQL as named prepared statements: parsed and planned once per connection
 * instead of on every call — on this 2-core machine that alone took a raw session read from ~6,000 to
 * ~9,300 a second. The pg driver keeps track of what each connection has parsed.
 *
 * Only fixed texts are named (a function call with its parameters): the names stay few, and a text
 * beyond MAX_NAMED simply goes unnamed. PGlite runs in this process (no parse round trip to save),
 * so there the text goes as it is. Behind PgBouncer in transaction mode, use PgBouncer ≥ 1.21 with
 * max_prepared_statements set (README, "Deploying").
 */
const MAX_NAMED = 64
const names = new Map<string, string>()

/** Runs `query` as a named prepared statement on PostgreSQL; as a plain statement on PGlite. */
export function executePrepared<R>(db: Kysely<DB>, query: RawBuilder<R>): Promise<QueryResult<R>> {
  const compiled = query.compile(db)
  if (!names.has(compiled.sql) && names.size < MAX_NAMED) names.set(compiled.sql, `linli_p${names.size + 1}`)
  return db.executeQuery(compiled)
}

type Query = (...args: unknown[]) => unknown

/** pg pool 'connect': the connection's query() sends a registered text under its name. */
export function namePreparedStatements(client: { query: Query }): void {
  const query = client.query.bind(client) as Query
  client.query = (...args: unknown[]) => {
    const [text, values] = args
    const name = typeof text === 'string' ? names.get(text) : undefined
    return name && args.length === 2 ? query({ name, text, values }) : query(...args)
  }
}
