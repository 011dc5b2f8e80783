import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { sql } from 'kysely'
import type { Kdb } from './db'

export interface Migration {
  version: number
  name: string
  sql: string
}

// Works from the source tree (cloud/db/migrations) and from the cloud bundle, which copies the
// folder beside index.js (cloud/functions/api/migrations).
export function loadMigrations(dir = join(__dirname, 'migrations')): Migration[] {
  if (!existsSync(dir)) throw new Error(`migrations folder not found: ${dir}`)
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 4)), name: f.slice(5, -4), sql: readFileSync(join(dir, f), 'utf8') }))
}

export interface DbFunction {
  /** the function's name: cloud/db/functions/<name>.sql holds its current CREATE OR REPLACE */
  name: string
  sql: string
}

/**
 * The current body of every plpgsql function, one file per function (cloud/db/functions, copied
 * beside the bundles like migrations/). Migrations created them; these files are what runs.
 */
export function loadFunctions(dir = join(__dirname, 'functions')): DbFunction[] {
  if (!existsSync(dir)) throw new Error(`database functions folder not found: ${dir}`)
  return readdirSync(dir)
    .filter((f) => /^[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ name: f.slice(0, -4), sql: readFileSync(join(dir, f), 'utf8') }))
}

const LOCK_KEY = 7_271_100 // any constant shared by every instance of the app

/**
 * Applies the migrations not yet applied, each in its own transaction, then every function file
 * (CREATE OR REPLACE, one transaction, on every start: a changed file is the new body), all under a
 * session advisory lock so that two instances starting together never run the same migration twice.
 * A function's signature change needs a migration that DROPs the old one; a new trigger's
 * migration creates its function first (the file then keeps the current body).
 */
export async function migrate(db: Kdb, migrations: Migration[] = loadMigrations(), functions: DbFunction[] = loadFunctions()): Promise<number[]> {
  return db.connection().execute(async (conn) => {
    await sql`SELECT pg_advisory_lock(${LOCK_KEY})`.execute(conn)
    try {
      await sql`CREATE TABLE IF NOT EXISTS schema_migrations (
        version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`.execute(conn)
      const done = new Set((await sql<{ version: number }>`SELECT version FROM schema_migrations`.execute(conn)).rows.map((r) => r.version))
      const applied: number[] = []
      for (const m of migrations) {
        if (done.has(m.version)) continue
        await sql.raw('BEGIN').execute(conn)
        try {
          await sql.raw(m.sql).execute(conn)
          await sql`INSERT INTO schema_migrations (version, name) VALUES (${m.version}, ${m.name})`.execute(conn)
          await sql.raw('COMMIT').execute(conn)
        } catch (error) {
          await sql.raw('ROLLBACK').execute(conn)
          throw new Error(`migration ${m.version}_${m.name} failed: ${(error as Error).message}`, { cause: error })
        }
        applied.push(m.version)
      }
      await sql.raw('BEGIN').execute(conn)
      for (const f of functions) {
        try {
          await sql.raw(f.sql).execute(conn)
        } catch (error) {
          await sql.raw('ROLLBACK').execute(conn)
          throw new Error(`database function ${f.name} (cloud/db/functions/${f.name}.sql) failed: ${(error as Error).message}`, { cause: error })
        }
      }
      await sql.raw('COMMIT').execute(conn)
      return applied
    } finally {
      await sql`SELECT pg_advisory_unlock(${LOCK_KEY})`.execute(conn)
    }
  })
}
