import { rmSync } from 'node:fs'
import { Client } from 'pg'
import { pgTemplateDb, pgliteTemplate } from './db'
import { removeDemoDataDirTemplate } from './demo-data-dir'

/** Removes this run's templates (each test file already dropped its own database). */
export default async function globalTeardown(): Promise<void> {
  removeDemoDataDirTemplate()
  if (!process.env.LINLI_TEST_RUN) return
  rmSync(pgliteTemplate(), { force: true })
  const url = process.env.DATABASE_URL
  if (!url) return
  const admin = new Client({ connectionString: url })
  await admin.connect()
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${pgTemplateDb()} WITH (FORCE)`)
  } finally {
    await admin.end()
  }
}
