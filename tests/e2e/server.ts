import { rmSync } from 'node:fs'
import path from 'node:path'
import type { AppDeps } from '../../cloud/app'
import { startServer } from '../../cloud/entry/node'
import { demoDataDir } from '../helpers/demo-data-dir'

export interface DemoServer {
  url: string
  /** The app's dependencies: a test may move `deps.clock` or read the database. */
  deps: AppDeps
  /** The server's own DATA_DIR (removed on close): a place for downloaded files too. */
  dataDir: string
  close(): Promise<void>
}

/**
 * The real node server on a random port with a fresh embedded database and the demo data: a copy of
 * the DATA_DIR global-setup migrated and seeded once (the server then finds it migrated and seeded).
 */
export async function startDemoServer(): Promise<DemoServer> {
  const dataDir = demoDataDir('linli-e2e-')
  const server = await startServer({
    port: 0,
    host: '127.0.0.1',
    dataDir,
    databaseUrl: null,
    h5Dir: path.resolve(__dirname, '..', '..', 'dist', 'h5'),
    seedDemo: true,
    logLevel: 'warn',
  })
  return {
    url: server.url,
    deps: server.deps,
    dataDir,
    async close() {
      await server.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
