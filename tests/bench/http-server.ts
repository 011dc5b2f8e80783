/**
 * The Node app alone for tests/bench/http.bench.ts: boot (migrate, seed the demo street) on
 * DATABASE_URL and serve it on 127.0.0.1:PORT — no H5, no ticks — in its own process, so the
 * load generator never shares the server's event loop. Prints "ready" when it answers.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { serve } from '@hono/node-server'
import { boot } from '../../cloud/entry/boot'

async function main() {
  const { app, deps } = await boot({ dataDir: mkdtempSync(join(tmpdir(), 'linli-bench-http-')), databaseUrl: process.env.DATABASE_URL, logLevel: 'warn' })
  const server = serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' }, () => console.log('ready'))
  process.on('SIGTERM', () => {
    server.close()
    void deps.db.close().then(() => process.exit(0))
  })
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
