import type { PGlite } from '@electric-sql/pglite'

/**
 * Presents one PGlite instance as the small part of a `pg.Pool` that Kysely's PostgresDialect
 * uses (connect → query → release). PGlite has a single connection, so `connect()` hands it out
 * to one borrower at a time: a transaction's statements are never interleaved with another's.
 * (kysely-pglite does the same but its root import pulls in kysely-codegen and its CLI, which
 * would bloat the cloud-function bundle.)
 */
export function pglitePool(pg: PGlite) {
  let tail: Promise<void> = Promise.resolve()
  return {
    async connect() {
      let release!: () => void
      const held = new Promise<void>((resolve) => (release = resolve))
      const previous = tail
      tail = previous.then(() => held)
      await previous
      let released = false
      return {
        async query(sql: string, params: readonly unknown[]) {
          // Without parameters use the simple protocol, so a migration file of many statements runs
          // as one call (as `pg` does); the last statement's rows are the answer.
          const result = params.length === 0 ? ((await pg.exec(sql)).at(-1) ?? { rows: [], affectedRows: 0 }) : await pg.query<Record<string, unknown>>(sql, params as unknown[])
          return {
            command: commandOf(sql),
            rowCount: result.affectedRows ?? result.rows.length,
            rows: result.rows as Record<string, unknown>[],
          }
        },
        release() {
          if (!released) {
            released = true
            release()
          }
        },
      }
    },
    async end() {
      await tail
    },
  }
}

function commandOf(sql: string): string {
  const match = /^\s*(?:with\b[\s\S]*?\)\s*)?(insert|update|delete|merge|select|commit|rollback)\b/i.exec(sql)
  return match ? match[1].toUpperCase() : 'SELECT'
}
