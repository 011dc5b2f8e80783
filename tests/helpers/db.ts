import { existsSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { Client } from 'pg'
import { openDb, type Db } from '../../cloud/db/db'

export const ARTIFACTS = join(__dirname, '..', '.artifacts')

/** Leftovers of a run are removed by later runs after this long (names carry the start time). */
export const STALE_MS = 2 * 60 * 60 * 1000

/** What runs that died more than two hours ago left in ARTIFACTS under `prefix` (names carry the start time). */
export function removeStaleArtifacts(prefix: string): void {
  for (const f of existsSync(ARTIFACTS) ? readdirSync(ARTIFACTS) : []) {
    const full = join(ARTIFACTS, f)
    if (f.startsWith(prefix) && Date.now() - statSync(full).mtimeMs > STALE_MS) rmSync(full, { recursive: true, force: true })
  }
}

/**
 * Every jest run has its own id (set by global-setup, inherited by the workers), so that several
 * runs at once — engineers sharing a machine, CI — never touch each other's template or databases.
 * Names carry the start time: global-setup removes what runs older than two hours left behind.
 */
export function testRunId(): string {
  const id = process.env.LINLI_TEST_RUN
  if (!id) throw new Error('LINLI_TEST_RUN missing: run the integration tests through jest (global-setup)')
  return id
}
export const pgliteTemplate = () => join(ARTIFACTS, `pglite-template-${testRunId()}.tar`)
export const pgTemplateDb = () => `linli_tpl_${testRunId()}`
/** The pepper the template's seeded ID hashes use (testConfig()). */
export const TEST_PEPPER = 'test-pepper'

export type DbKind = 'pglite' | 'pg'

/** Every integration test runs on PGlite and, when DATABASE_URL is set, on PostgreSQL too. */
export const DB_KINDS: DbKind[] = process.env.DATABASE_URL ? ['pglite', 'pg'] : ['pglite']

export function withDatabase(url: string, database: string): string {
  const u = new URL(url)
  u.pathname = `/${database}`
  return u.toString()
}

/**
 * A fresh, migrated and demo-seeded database for one test file:
 * PGlite loads the template data dir dumped by global-setup; PostgreSQL clones the template database.
 */
export async function freshDb(kind: DbKind): Promise<Db> {
  if (kind === 'pglite') {
    if (!existsSync(pgliteTemplate())) throw new Error('PGlite template missing: run through jest (global-setup)')
    return openDb({ loadDataDir: new Blob([readFileSync(pgliteTemplate())]) })
  }
  const base = process.env.DATABASE_URL!
  const name = `linli_t_${testRunId()}_${randomBytes(4).toString('hex')}`
  const admin = new Client({ connectionString: base })
  await admin.connect()
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${pgTemplateDb()}`)
  } finally {
    await admin.end()
  }
  const db = await openDb({ databaseUrl: withDatabase(base, name), poolSize: 20 })
  const close = db.close
  return {
    ...db,
    async close() {
      await close()
      const c = new Client({ connectionString: base })
      await c.connect()
      // the pool's last backends may still be exiting: wait for them rather than kill them
      for (let i = 0; ; i++) {
        try {
          await c.query(`DROP DATABASE IF EXISTS ${name}${i >= 40 ? ' WITH (FORCE)' : ''}`)
          break
        } catch (error) {
          if ((error as { code?: string }).code !== '55006' || i >= 40) throw error
          await new Promise((r) => setTimeout(r, 50))
        }
      }
      await c.end()
    },
  }
}

/** Row counts of every table: "a bad request writes nothing" is checked with this. */
export async function tableCounts(db: Db): Promise<Record<string, number>> {
  const { sql } = await import('kysely')
  const tables = await sql<{ t: string }>`
    SELECT table_name AS t FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`.execute(db.kysely)
  const counts: Record<string, number> = {}
  for (const { t } of tables.rows) {
    const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(t)}`.execute(db.kysely)
    counts[t] = r.rows[0].n
  }
  return counts
}
