import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startServer } from '../../cloud/entry/node'
import { ARTIFACTS, removeStaleArtifacts } from './db'

/**
 * A global set-up's step: one DATA_DIR (embedded database migrated and demo-seeded, secrets.json)
 * made by the real server once per jest run. Tests that boot a server or the cloud function on a
 * DATA_DIR start from a copy of it (demoDataDir) instead of creating, migrating and seeding their
 * own — each of those costs several seconds of CPU. Idempotent: the first project's set-up makes it.
 */
export async function makeDemoDataDirTemplate(): Promise<void> {
  if (process.env.LINLI_DEMO_DATA_DIR) return
  mkdirSync(ARTIFACTS, { recursive: true })
  removeStaleArtifacts('demo-data-dir-')
  const dataDir = join(ARTIFACTS, `demo-data-dir-${Date.now()}_${process.pid}`)
  const server = await startServer({ port: 0, host: '127.0.0.1', dataDir, databaseUrl: null, seedDemo: true, logLevel: 'warn', ticks: false })
  await server.close()
  process.env.LINLI_DEMO_DATA_DIR = dataDir
}

/** The global tear-down's step. */
export function removeDemoDataDirTemplate(): void {
  const dir = process.env.LINLI_DEMO_DATA_DIR
  if (dir) rmSync(dir, { recursive: true, force: true })
  delete process.env.LINLI_DEMO_DATA_DIR
}

/**
 * A new DATA_DIR holding the demo street (a copy of the run's template), or an empty one when the
 * test runs without the global set-up. The caller removes it.
 */
export function demoDataDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  const template = process.env.LINLI_DEMO_DATA_DIR
  if (template) cpSync(template, dir, { recursive: true })
  return dir
}
