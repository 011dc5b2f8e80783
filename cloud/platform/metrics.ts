import type { Context } from 'hono'
import { matchedRoutes } from 'hono/route'
import type { Registry, Counter, Histogram } from 'prom-client'
import { sql } from 'kysely'
import type { Kdb } from '../db/db'

export interface PoolStats {
  totalCount: number
  idleCount: number
  waitingCount: number
}

export interface AppMetrics {
  registry: Registry
  /** Records one answered request under its route pattern (/api/v1/reports/:id, not the id). */
  observe(c: Context, seconds: number): void
}

/**
 * Prometheus metrics (prom-client): requests and latency by route, outbox and job lag, pool use.
 * Lag is read from the database at scrape time, so every instance reports the same backlog.
 */
export function createMetrics(deps: { db: { kysely: Kdb; pool?: PoolStats | null } }): AppMetrics {
  // loaded here only: the cloud function never builds metrics
  const prom = require('prom-client') as typeof import('prom-client')
  const registry = new prom.Registry()
  prom.collectDefaultMetrics({ register: registry, prefix: 'linli_' })
  const requests: Counter<'method' | 'route' | 'status'> = new prom.Counter({
    name: 'linli_http_requests_total',
    help: 'HTTP requests answered, by route pattern and status',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  })
  const latency: Histogram<'method' | 'route'> = new prom.Histogram({
    name: 'linli_http_request_duration_seconds',
    help: 'HTTP request latency by route pattern',
    labelNames: ['method', 'route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  })
  const lag = async () =>
    (
      await sql<{ outbox_pending: number; outbox_lag: number | null; jobs_due: number; jobs_lag: number | null }>`
        SELECT
          (SELECT count(*)::int FROM outbox WHERE delivered_at IS NULL) AS outbox_pending,
          (SELECT extract(epoch FROM now() - min(created_at))::float8 FROM outbox WHERE delivered_at IS NULL) AS outbox_lag,
          (SELECT count(*)::int FROM jobs WHERE status = 'pending' AND run_at <= now()) AS jobs_due,
          (SELECT extract(epoch FROM now() - min(run_at))::float8 FROM jobs WHERE status = 'pending' AND run_at <= now()) AS jobs_lag`.execute(deps.db.kysely)
    ).rows[0]
  const gauge = (name: string, help: string, read: (v: Awaited<ReturnType<typeof lag>>) => number) =>
    new prom.Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        this.set(read(await lag()))
      },
    })
  gauge('linli_outbox_pending', 'outbox rows not yet delivered', (v) => v.outbox_pending)
  gauge('linli_outbox_lag_seconds', 'age of the oldest undelivered outbox row', (v) => v.outbox_lag ?? 0)
  gauge('linli_jobs_due', 'jobs due and not yet run', (v) => v.jobs_due)
  gauge('linli_jobs_lag_seconds', 'how late the most overdue pending job is', (v) => v.jobs_lag ?? 0)
  const pool = (name: string, help: string, read: (p: PoolStats) => number) =>
    new prom.Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        if (deps.db.pool) this.set(read(deps.db.pool))
      },
    })
  pool('linli_db_pool_connections', 'connections open in the pg pool', (p) => p.totalCount)
  pool('linli_db_pool_idle', 'idle connections in the pg pool', (p) => p.idleCount)
  pool('linli_db_pool_waiting', 'queries waiting for a pg connection', (p) => p.waitingCount)
  return {
    registry,
    observe(c, seconds) {
      // the first method route that matched is the one that answered (later ones, e.g. /reports/:id
      // after /reports/categories, also match but never ran); middleware is registered as ALL
      const route = matchedRoutes(c).find((r) => r.method !== 'ALL')?.path ?? 'unmatched'
      requests.inc({ method: c.req.method, route, status: String(c.res.status) })
      latency.observe({ method: c.req.method, route }, seconds)
    },
  }
}
