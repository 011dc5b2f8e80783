import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { startServer } from '../../cloud/entry/node'

/** The real node server on a random port with a fresh embedded database and the demo data. */
export async function startDemoServer(): Promise<{ url: string; close(): Promise<void> }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'linli-e2e-'))
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
    async close() {
      await server.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
