import { join } from 'node:path'
import { openDb, type Db } from '../db/db'
import { migrate } from '../db/migrate'
import { seedDemo } from './demo-seed'
import { createApp, deliverOutbox, type AppDeps } from '../app'
import { accountsIdentity } from '../accounts'
import { loadConfig, type Runtime } from '../platform/config'
import { systemClock } from '../platform/clock'
import { createLogger, type Logger } from '../platform/logger'
import { smsProviderFromEnv } from '../platform/sms'
import { logNotifier } from '../platform/notices'
import type { Storage } from '../platform/storage'
import { storageFromEnv } from '../platform/storage-select'
import { createSubscribeSender } from '../platform/wechat-subscribe'
import { outboxDispatcher } from '../platform/outbox'
import { createMetrics } from '../platform/metrics'

export interface BootOptions {
  dataDir: string
  databaseUrl?: string | null
  seedDemo?: boolean
  logLevel?: string
  env?: NodeJS.ProcessEnv
  /** 'cloud' inside the WeChat cloud function: production unless DEMO_MODE=true. */
  runtime?: Runtime
  /** The WeChat entry brings its own storage (cloud storage through wx-server-sdk). */
  storage?: Storage
}

/**
 * Shared by every runtime entry: check the configuration (a production start without secrets or
 * SMS throws ConfigError before anything is opened), open the database, migrate, seed an empty
 * demo, build the app.
 */
export async function boot(options: BootOptions): Promise<{ app: ReturnType<typeof createApp>; deps: AppDeps; seeded: boolean }> {
  const env = options.env ?? process.env
  const logger: Logger = createLogger(options.logLevel ?? env.LOG_LEVEL ?? 'info')
  const config = loadConfig(env, options.dataDir, options.runtime ?? 'node')
  const production = config.production === true
  const sms = smsProviderFromEnv(env, { production, demoMode: config.demoMode, phoneLogin: config.phoneLogin !== false, logger })
  const storage = options.storage ?? storageFromEnv(env, options.dataDir, production).storage
  const db: Db = await openDb(
    options.databaseUrl
      ? { databaseUrl: options.databaseUrl, poolSize: Number(env.DB_POOL_SIZE || 10), onConnectionError: (err) => logger.warn({ err }, 'database connection lost') }
      : { pgliteDir: join(options.dataDir, 'pgdata') },
  )
  try {
    await migrate(db.kysely)
  } catch (error) {
    await db.close()
    throw error
  }
  // production never seeds: an empty production database has no demo accounts, no 123456
  const seeded = config.demoMode && !production && options.seedDemo !== false ? await seedDemo(db.kysely, systemClock.now(), config.idPepper) : false
  const deps: AppDeps = {
    db,
    clock: systemClock,
    config,
    logger,
    sms,
    notifier: logNotifier((msg, payload) => logger.debug(payload, msg)),
    identity: accountsIdentity,
    storage,
    // WeChat subscribe messages: sent only when templates are configured in env (README)
    subscribe: createSubscribeSender(env, logger),
  }
  // Prometheus metrics on Node (the cloud function has no scraper)
  if ((options.runtime ?? 'node') === 'node') deps.metrics = createMetrics(deps)
  // outbox rows written by a request are delivered right after it commits; tick is the retry path
  deps.outbox = outboxDispatcher(() => deliverOutbox(deps), logger)
  return { app: createApp(deps), deps, seeded }
}
