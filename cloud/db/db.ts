import { mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { Kysely, PostgresDialect } from 'kysely'
import type { PGlite } from '@electric-sql/pglite'
import type { DB } from './schema'
import { pglitePool } from './pglite-pool'
import { lockDataDir } from './data-dir-lock'
import { namePreparedStatements } from './prepared'

export type Kdb = Kysely<DB>

export interface Db {
  kysely: Kdb
  kind: 'pglite' | 'pg'
  /** The PGlite instance when embedded (tests dump/load it); null on PostgreSQL. */
  pglite: PGlite | null
  /** The pg pool's counters (metrics); null on PGlite. */
  pool?: { totalCount: number; idleCount: number; waitingCount: number } | null
  close(): Promise<void>
}

export interface OpenDbOptions {
  /** postgres://… — use a real PostgreSQL server through `pg`. */
  databaseUrl?: string | null
  /** Folder for the embedded PGlite data; omitted = in memory. */
  pgliteDir?: string
  /** A PGlite data-dir tarball to start from (tests clone a migrated template this way). */
  loadDataDir?: Blob
  poolSize?: number
  onConnectionError?: (error: Error) => void
}

// `date` columns stay 'YYYY-MM-DD' strings and int8 counts become numbers, on both drivers.
const DATE_OID = 1082
const INT8_OID = 20

export async function openDb(options: OpenDbOptions = {}): Promise<Db> {
  if (options.databaseUrl) {
    const pg = await import('pg')
    const Pool = pg.default?.Pool ?? pg.Pool
    const pool = new Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          oid === DATE_OID ? (v: string) => v : oid === INT8_OID ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
      },
    })
    // an idle connection killed by the server (restart, failover) must not crash the process:
    // the pool drops it and opens a new one on the next query
    pool.on('error', (error) => options.onConnectionError?.(error))
    // the hottest statements go by name, parsed once per connection (cloud/db/prepared.ts)
    pool.on('connect', (client) => namePreparedStatements(client as never))
    const kysely = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) })
    return { kysely, kind: 'pg', pglite: null, pool, close: () => kysely.destroy() }
  }
  const { PGlite, types } = await import('@electric-sql/pglite')
  const { btree_gist } = await import('@electric-sql/pglite/contrib/btree_gist')
  const { cube } = await import('@electric-sql/pglite/contrib/cube')
  const { earthdistance } = await import('@electric-sql/pglite/contrib/earthdistance')
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm')
  let unlock = () => {}
  if (options.pgliteDir) {
    mkdirSync(options.pgliteDir, { recursive: true })
    // single writer: DATA_DIR/linli.lock holds the pid of the one process using this folder
    unlock = lockDataDir(join(dirname(options.pgliteDir), 'linli.lock'))
  }
  let pglite: PGlite
  try {
    pglite = await PGlite.create(options.pgliteDir, {
      loadDataDir: options.loadDataDir,
      extensions: { btree_gist, cube, earthdistance, pg_trgm },
      parsers: { [types.DATE]: (v: string) => v, [types.INT8]: (v: string) => Number(v) },
    })
  } catch (error) {
    unlock()
    throw error
  }
  const kysely = new Kysely<DB>({
    dialect: new PostgresDialect({ pool: pglitePool(pglite) as never }),
  })
  return {
    kysely,
    kind: 'pglite',
    pglite,
    async close() {
      await kysely.destroy()
      if (!pglite.closed) await pglite.close()
      unlock()
    },
  }
}
