import type { Browser } from 'playwright-core'
import { browserAvailable, launch } from './browser'
import { startDemoServer, type DemoServer } from './server'

export interface H5Env {
  server: DemoServer
  browser: Browser
}

/**
 * describe() for an H5 end-to-end block: a real node server with a fresh demo database and one
 * Chromium for the block; skipped (loudly, by tests/run.ts) when there is no browser.
 */
export function describeH5(name: string, body: (env: () => H5Env) => void): void {
  const run = browserAvailable() ? describe : describe.skip
  run(name, () => {
    jest.setTimeout(120_000)
    let server: H5Env['server']
    let chrome: { browser: Browser; close(): Promise<void> }
    beforeAll(async () => {
      server = await startDemoServer()
      chrome = await launch()
    })
    afterAll(async () => {
      await chrome?.close()
      await server?.close()
    })
    body(() => ({ server, browser: chrome.browser }))
  })
}
