import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { Client } from 'pg'
import { openDb } from '../../cloud/db/db'
import { migrate } from '../../cloud/db/migrate'
import { seedDemo } from '../../cloud/entry/demo-seed'
import { ARTIFACTS, TEST_PEPPER, pgTemplateDb, pgliteTemplate, removeStaleArtifacts, STALE_MS, withDatabase } from './db'
import { makeDemoDataDirTemplate } from './demo-data-dir'

export const SEED_TIME = new Date('2026-11-20T02:00:00Z')

/**
 * Migrate + seed once per run; each test file then clones this (tests/helpers/db.ts). `npm test`
 * (tests/run.ts) calls this while the builds run, and jest's global set-up then finds it done.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.LINLI_TEST_RUN && existsSync(pgliteTemplate())) return
  process.env.LINLI_TEST_RUN = `${Date.now()}_${process.pid}`
  mkdirSync(ARTIFACTS, { recursive: true })
  removeStaleArtifacts('pglite-template')
  const pglite = await openDb()
  await migrate(pglite.kysely)
  await seedDemo(pglite.kysely, SEED_TIME, TEST_PEPPER)
  // Each test file loads this data dir: the fewer files, the sooner PGlite is up (0.35 s instead of
  // 0.6 s). PGlite only ever opens the database `postgres`, so template0/template1 (some 600 files)
  // go, and a checkpoint past a WAL switch leaves one WAL segment instead of two.
  const raw = pglite.pglite!
  const shrink = [
    `UPDATE pg_database SET datistemplate = false WHERE datname IN ('template0', 'template1')`,
    'DROP DATABASE template0',
    'DROP DATABASE template1',
    'SET wal_recycle = off',
    'CHECKPOINT',
    'SELECT pg_switch_wal()',
    'CHECKPOINT',
  ]
  // one at a time: DROP DATABASE cannot run inside the implicit transaction of a multi-statement string
  for (const statement of shrink) await raw.exec(statement)
  // uncompressed: each test file loads it, and un-gzipping 6 MB to 48 MB costs more than reading 48 MB
  const dump = await raw.dumpDataDir('none')
  writeFileSync(pgliteTemplate(), Buffer.from(await dump.arrayBuffer()))
  await pglite.close()
  // the tests that boot a server or the cloud function on a DATA_DIR start from a copy of this
  await makeDemoDataDirTemplate()

  const url = process.env.DATABASE_URL
  if (!url) return
  const admin = new Client({ connectionString: url })
  await admin.connect()
  try {
    // leftovers of runs that died more than two hours ago; a database still in use is left alone
    const old = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname ~ '^linli_(t|tpl)_[0-9]+_'`)
    for (const { datname } of old.rows) {
      const started = Number(/^linli_(?:t|tpl)_(\d+)_/.exec(datname)![1])
      if (Date.now() - started < STALE_MS) continue
      await admin.query(`DROP DATABASE IF EXISTS ${datname}`).catch(() => undefined)
    }
    await admin.query(`CREATE DATABASE ${pgTemplateDb()}`)
  } finally {
    await admin.end()
  }
  const pg = await openDb({ databaseUrl: withDatabase(url, pgTemplateDb()) })
  await migrate(pg.kysely)
  await seedDemo(pg.kysely, SEED_TIME, TEST_PEPPER)
  await pg.close()
}
