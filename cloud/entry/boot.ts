import { join } from 'node:path'
import { openDb, type Db } from '../db/db'
import { migrate } from '../db/migrate'
import { seedDemo } from '../db/seed/demo'
import { createApp, type AppDeps } from '../app'
import { loadConfig } from '../platform/config'
import { systemClock } from '../platform/clock'
import { createLogger, type Logger } from '../platform/logger'
import { logSmsProvider } from '../platform/sms'
import { logNotifier } from '../platform/notices'
import { localStorage } from '../platform/storage'
import { createSubscribeSender } from '../platform/wechat-subscribe'

export interface BootOptions {
  dataDir: string
  databaseUrl?: string | null
  seedDemo?: boolean
  logLevel?: string
  env?: NodeJS.ProcessEnv
}

/** Shared by every runtime entry: open the database, migrate, seed an empty demo, build the app. */
export async function boot(options: BootOptions): Promise<{ app: ReturnType<typeof createApp>; deps: AppDeps; seeded: boolean }> {
  const env = options.env ?? process.env
  const logger: Logger = createLogger(options.logLevel ?? env.LOG_LEVEL ?? 'info')
  const config = loadConfig(env, options.dataDir)
  const db: Db = await openDb(
    options.databaseUrl
      ? { databaseUrl: options.databaseUrl, poolSize: Number(env.DB_POOL_SIZE || 10), onConnectionError: (err) => logger.warn({ err }, 'database connection lost') }
      : { pgliteDir: join(options.dataDir, 'pgdata') },
  )
  await migrate(db.kysely)
  const seeded = config.demoMode && options.seedDemo !== false ? await seedDemo(db.kysely, systemClock.now(), config.idPepper) : false
  const deps: AppDeps = {
    db,
    clock: systemClock,
    config,
    logger,
    sms: logSmsProvider(logger),
    notifier: logNotifier((msg, payload) => logger.debug(payload, msg)),
    storage: localStorage(join(options.dataDir, 'files')),
    // WeChat subscribe messages: sent only when templates are configured in env (README)
    subscribe: createSubscribeSender(env, logger),
  }
  return { app: createApp(deps), deps, seeded }
}
