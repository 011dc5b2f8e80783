import { mkdirSync, writeFileSync } from 'node:fs'
import { Client } from 'pg'
import { openDb } from '../../cloud/db/db'
import { migrate } from '../../cloud/db/migrate'
import { seedDemo } from '../../cloud/db/seed/demo'
import { ARTIFACTS, PGLITE_TEMPLATE, PG_TEMPLATE_DB, TEST_PEPPER, withDatabase } from './db'

export const SEED_TIME = new Date('2026-11-20T02:00:00Z')

/** Migrate + seed once per run; each test file then clones this (tests/helpers/db.ts). */
export default async function globalSetup(): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true })
  const pglite = await openDb()
  await migrate(pglite.kysely)
  await seedDemo(pglite.kysely, SEED_TIME, TEST_PEPPER)
  const dump = await pglite.pglite!.dumpDataDir('gzip')
  writeFileSync(PGLITE_TEMPLATE, Buffer.from(await dump.arrayBuffer()))
  await pglite.close()

  const url = process.env.DATABASE_URL
  if (!url) return
  const admin = new Client({ connectionString: url })
  await admin.connect()
  try {
    // leftovers of an interrupted earlier run
    const old = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'linli_t\\_%'`)
    for (const { datname } of old.rows) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`)
    await admin.query(`DROP DATABASE IF EXISTS ${PG_TEMPLATE_DB} WITH (FORCE)`)
    await admin.query(`CREATE DATABASE ${PG_TEMPLATE_DB}`)
  } finally {
    await admin.end()
  }
  const pg = await openDb({ databaseUrl: withDatabase(url, PG_TEMPLATE_DB) })
  await migrate(pg.kysely)
  await seedDemo(pg.kysely, SEED_TIME, TEST_PEPPER)
  await pg.close()
}
