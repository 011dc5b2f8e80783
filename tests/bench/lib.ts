/** Small pieces every domain benchmark uses. */
import { accountsIdentity } from '../../cloud/accounts'
import { Client } from 'pg'
import type { AppDeps } from '../../cloud/app'
import { openDb, type Db } from '../../cloud/db/db'
import { migrate } from '../../cloud/db/migrate'
import { seedDemo } from '../../cloud/entry/demo-seed'
import { fixedClock } from '../../cloud/platform/clock'
import { testConfig } from '../../cloud/platform/config'
import { noRateLimits } from '../../cloud/platform/rate-limit'
import { silentLogger } from '../../cloud/platform/logger'
import { memorySmsProvider } from '../../cloud/platform/sms'
import { withDatabase } from '../helpers/db'

export type Emit = (figure: Record<string, unknown>) => void

/**
 * Runs `jobs` with `clients` workers; returns completed per second (whole numbers from 100/s, two
 * decimals below), how many failed, and each completed job's time in ms.
 */
export async function drive(jobs: (() => Promise<unknown>)[], clients: number): Promise<{ perSecond: number; failed: number; times: number[] }> {
  let next = 0
  let failed = 0
  const times: number[] = []
  const started = performance.now()
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < jobs.length) {
        const job = jobs[next++]
        const t = performance.now()
        try {
          await job()
          times.push(performance.now() - t)
        } catch {
          failed++
        }
      }
    }),
  )
  const rate = (jobs.length - failed) / ((performance.now() - started) / 1000)
  return { perSecond: rate >= 100 ? Math.round(rate) : Math.round(rate * 100) / 100, failed, times }
}

/** The q-quantile (0–1) of xs, to two decimals. */
export function p(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b)
  return Math.round(s[Math.min(s.length - 1, Math.floor(s.length * q))] * 100) / 100
}

export interface BenchDb {
  db: Db
  /** The app's dependencies on this database at a fixed `now` (no SMS, no delivery, storage if given). */
  deps(now: Date, extra?: Partial<AppDeps>): AppDeps
  /** Closes the pool and drops the benchmark's database. */
  close(): Promise<void>
}

/**
 * A fresh database for one benchmark, migrated and seeded with the demo street at `seededAt`:
 * `linli_bench_<name>_<pid>` next to the one in DATABASE_URL (dropped by `close`), or PGlite in
 * memory without a URL.
 */
export async function openBenchDb(databaseUrl: string | null | undefined, name: string, { poolSize, seededAt }: { poolSize: number; seededAt: Date }): Promise<BenchDb> {
  const dbName = `linli_bench_${name}_${process.pid}`
  let admin: Client | null = null
  let db: Db
  if (databaseUrl) {
    admin = new Client({ connectionString: databaseUrl })
    await admin.connect()
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`)
    await admin.query(`CREATE DATABASE ${dbName}`)
    db = await openDb({ databaseUrl: withDatabase(databaseUrl, dbName), poolSize })
  } else {
    db = await openDb()
  }
  const close = async () => {
    await db.close()
    if (admin) {
      // BENCH_KEEP_DB=1 keeps the database for looking at plans afterwards (psql <url>/<name>)
      if (process.env.BENCH_KEEP_DB) console.error(`kept database ${dbName}`)
      else await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`)
      await admin.end()
    }
  }
  try {
    await migrate(db.kysely)
    await seedDemo(db.kysely, seededAt, 'bench-pepper')
  } catch (error) {
    await close()
    throw error
  }
  return {
    db,
    deps: (now, extra = {}) =>
      ({
        db,
        clock: fixedClock(now),
        config: testConfig({ rateLimits: noRateLimits() }),
        logger: silentLogger,
        sms: memorySmsProvider(),
        notifier: { deliver: async () => undefined },
        identity: accountsIdentity,
        ...extra,
      }) as unknown as AppDeps,
    close,
  }
}
