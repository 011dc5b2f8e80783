import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs'
import path from 'node:path'
import { BUILDS, buildIfStale } from '../weapp/global-setup'
import { startServer } from '../../cloud/entry/node'
import { ARTIFACTS } from './browser'

const STALE_MS = 2 * 60 * 60 * 1000

/**
 * The H5 build, and one demo data dir (migrated and seeded once): each e2e server starts from a copy
 * of it (tests/e2e/server.ts) instead of creating, migrating and seeding its own database.
 */
export default async function globalSetup(): Promise<void> {
  buildIfStale(BUILDS.h5)
  mkdirSync(ARTIFACTS, { recursive: true })
  for (const f of readdirSync(ARTIFACTS, { withFileTypes: true })) {
    const full = path.join(ARTIFACTS, f.name)
    if (f.name.startsWith('e2e-template-') && Date.now() - statSync(full).mtimeMs > STALE_MS) rmSync(full, { recursive: true, force: true })
  }
  const dataDir = path.join(ARTIFACTS, `e2e-template-${Date.now()}_${process.pid}`)
  const server = await startServer({ port: 0, host: '127.0.0.1', dataDir, databaseUrl: null, seedDemo: true, logLevel: 'warn', ticks: false })
  await server.close()
  process.env.LINLI_E2E_TEMPLATE = dataDir
}
