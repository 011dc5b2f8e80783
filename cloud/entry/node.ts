import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { serveStatic } from '@hono/node-server/serve-static'
import { boot } from './boot'
import { tick, type AppDeps } from '../app'
import type { ObjectStorage } from '../platform/storage-s3'
import { AppError } from '../platform/errors'
import { startMqttIngest } from '../care'

export interface StartOptions {
  port?: number
  host?: string
  dataDir?: string
  databaseUrl?: string | null
  h5Dir?: string
  seedDemo?: boolean
  logLevel?: string
  /** Run `tick` every minute (default true). */
  ticks?: boolean
}

export interface RunningServer {
  url: string
  deps: AppDeps
  seeded: boolean
  close(): Promise<void>
}

/**
 * The self-hosted server: API under /api/v1, stored files under /files, and the H5 build with an
 * index.html fallback so the browser router's deep links work.
 */
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const dataDir = resolve(options.dataDir ?? '.data')
  const { app, deps, seeded } = await boot({
    dataDir,
    databaseUrl: options.databaseUrl,
    seedDemo: options.seedDemo,
    logLevel: options.logLevel,
  })
  // GET /metrics: with METRICS_TOKEN as a bearer token, or without one from this machine only
  const metricsToken = process.env.METRICS_TOKEN || null
  app.get('/metrics', async (c) => {
    const metrics = deps.metrics
    if (!metrics) return c.notFound()
    const remote = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket?.remoteAddress ?? ''
    const local = remote === '127.0.0.1' || remote === '::1' || remote === '::ffff:127.0.0.1'
    const allowed = metricsToken ? c.req.header('authorization') === `Bearer ${metricsToken}` : local
    if (!allowed) throw new AppError('FORBIDDEN')
    return c.body(await metrics.registry.metrics(), 200, { 'content-type': metrics.registry.contentType })
  })
  const storage = deps.storage as Partial<ObjectStorage>
  if (storage.signedUrl) {
    // object storage: the bucket is private; /files/<key> answers with a fresh short-lived link
    const signedUrl = storage.signedUrl.bind(storage)
    app.get('/files/*', async (c) => {
      const key = c.req.path.replace(/^\/files\//, '')
      if (!/^[a-z0-9/_.-]+$/.test(key) || key.includes('..')) return c.notFound()
      c.header('cache-control', 'private, max-age=60')
      return c.redirect(await signedUrl(key), 302)
    })
  } else {
    const filesDir = join(dataDir, 'files')
    mkdirSync(filesDir, { recursive: true })
    app.use('/files/*', serveStatic({ root: relative(process.cwd(), filesDir), rewriteRequestPath: (p) => p.replace(/^\/files/, '') }))
  }
  const h5Dir = resolve(options.h5Dir ?? 'dist/h5')
  const indexFile = join(h5Dir, 'index.html')
  if (existsSync(indexFile)) {
    const indexHtml = readFileSync(indexFile, 'utf8')
    app.use('*', async (c, next) => {
      if (/^\/(api|open311|files)(\/|$)/.test(c.req.path)) return next()
      return serveStatic({ root: relative(process.cwd(), h5Dir) })(c, next)
    })
    app.get('*', (c) => (/^\/(api|open311|files)(\/|$)/.test(c.req.path) ? c.notFound() : c.html(indexHtml)))
  }
  const server = await new Promise<ReturnType<typeof serve>>((ready) => {
    const s = serve({ fetch: app.fetch, port: options.port ?? 3000, hostname: options.host ?? '0.0.0.0' }, () => ready(s))
  })
  const port = (server.address() as AddressInfo).port
  const timer =
    options.ticks === false
      ? null
      : setInterval(() => {
          tick(deps).catch((err) => deps.logger.error({ err }, 'tick failed'))
        }, 60_000)
  timer?.unref()
  // 独居老人关爱: water-meter readings from the vendor's broker, only when MQTT_URL is set
  const iot = deps.config.iot
  const mqtt = iot?.mqttUrl ? startMqttIngest(deps, { url: iot.mqttUrl, topic: iot.mqttTopic ?? undefined }) : null
  mqtt?.ready.then(
    () => deps.logger.info({ topic: iot?.mqttTopic }, 'care mqtt subscribed'),
    (err) => deps.logger.error({ err }, 'care mqtt: not connected yet (retrying)'),
  )
  return {
    url: `http://127.0.0.1:${port}`,
    deps,
    seeded,
    async close() {
      if (timer) clearInterval(timer)
      await mqtt?.stop()
      await new Promise<void>((done) => server.close(() => done()))
      await deps.outbox?.idle()
      await deps.db.close()
    },
  }
}
