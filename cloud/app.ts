import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { AppError } from './platform/errors'
import { installErrorHandling } from './platform/http'
import type { AppDeps, AppEnv } from './platform/context'
import { newId } from './platform/ids'
import { runTick, scheduleJob, type JobHandler, type OutboxSubscriber, type TickResult } from './platform/jobs'
import { runOutbox } from './platform/outbox'
import { checkReady } from './platform/ready'
import { businessDate } from './platform/clock'
import { accountsRoutes } from './accounts/accounts.routes'
import { accountsJobHandlers } from './accounts/accounts.jobs'
import { familyRoutes } from './family/family.routes'
import { orgRoutes } from './org/org.routes'
import { pointsRoutes } from './points/points.routes'
import { pointsJobHandlers, pointsOutboxSubscribers, schedulePointsJobs } from './points/points.jobs'
import { checkupsRoutes } from './checkups/checkups.routes'
import { checkupJobHandlers } from './checkups/checkups.jobs'
import { reportsRoutes } from './reports/reports.routes'
import { reportJobHandlers } from './reports/reports.jobs'
import { REPORT_SUBSCRIBE_TOPIC, sendReportSubscribe } from './reports/send-report-subscribe'
import { noopSubscribeSender } from './platform/wechat-subscribe'
import { CARE_ALERT_TOPIC, sendCareAlert } from './care/send-care-alert'
import { open311Routes } from './open311/open311.routes'
import { timebankRoutes } from './timebank/timebank.routes'
import { timebankJobHandlers } from './timebank/timebank.jobs'
import { adminRoutes } from './admin/admin.routes'
import { MAX_XLSX_BYTES } from './admin/xlsx-upload'
import { boundariesRoutes } from './org/boundaries.routes'
import { peopleRoutes } from './accounts/people.routes'
import { dashboardJobHandlers, dashboardRoutes, scheduleDashboardJobs } from './dashboard'
import { careJobHandlers, careRoutes, runCareTick } from './care'
import { resourcesJobHandlers, resourcesRoutes, scheduleResourcesJobs } from './resources'
import { organisationsRoutes } from './organisations'
import { deliberationRoutes } from './deliberation'

export type { AppDeps } from './platform/context'

/** Routes with their own body limit (photos 10 MB, GeoJSON 5 MB, xlsx imports 10 MB). */
const OWN_BODY_LIMIT = /^\/api\/v1\/(uploads|admin\/org-units\/(boundaries|[^/]+\/boundary)|admin\/people\/import(\/refusals)?|admin\/staff\/import|iot\/meters\/readings)$/

export function createApp(deps: AppDeps) {
  const app = new Hono<AppEnv>()
  installErrorHandling(app)

  const logRequests = deps.logger.isLevelEnabled('info')
  app.use('*', async (c, next) => {
    const requestId = c.req.header('x-request-id')?.slice(0, 64) || newId()
    c.set('deps', deps)
    c.set('requestId', requestId)
    const started = logRequests || deps.metrics ? performance.now() : 0
    await next()
    deps.metrics?.observe(c, (performance.now() - started) / 1000)
    c.header('x-request-id', requestId)
    // a write that succeeded may have committed outbox rows: deliver them now, not at the next tick
    if (deps.outbox && c.req.method !== 'GET' && c.req.method !== 'HEAD' && c.res.status < 400) deps.outbox.kick()
    if (logRequests) {
      deps.logger.info({ requestId, method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - started) }, 'request')
    }
  })

  const api = new Hono<AppEnv>()
  const jsonLimit = bodyLimit({
    maxSize: deps.config.jsonBodyLimit,
    onError: () => {
      throw new AppError('PAYLOAD_TOO_LARGE', { maxBytes: deps.config.jsonBodyLimit })
    },
  })
  // staff xlsx import: its own limit (the JSON one is 64 KB)
  api.use(
    '/admin/staff/import',
    bodyLimit({
      maxSize: MAX_XLSX_BYTES + 64 * 1024,
      onError: () => {
        throw new AppError('PAYLOAD_TOO_LARGE', { maxBytes: MAX_XLSX_BYTES })
      },
    }),
  )
  // meter vendors push batches of up to 5,000 readings
  api.use(
    '/iot/meters/readings',
    bodyLimit({
      maxSize: 1024 * 1024,
      onError: () => {
        throw new AppError('PAYLOAD_TOO_LARGE', { maxBytes: 1024 * 1024 })
      },
    }),
  )
  // photo uploads, GeoJSON boundaries and xlsx imports carry their own limits in their routes
  api.use('*', (c, next) => (OWN_BODY_LIMIT.test(c.req.path) ? next() : jsonLimit(c, next)))
  api.get('/health', (c) => c.json({ status: 'ok' }))
  api.get('/ready', async (c) => {
    const ready = await checkReady(deps)
    return c.json({ status: ready.ok ? 'ready' : 'not_ready', checks: ready.checks }, ready.ok ? 200 : 503)
  })
  api.route('/', accountsRoutes)
  api.route('/', familyRoutes)
  api.route('/', orgRoutes)
  api.route('/', pointsRoutes)
  api.route('/', checkupsRoutes)
  api.route('/', reportsRoutes)
  api.route('/', timebankRoutes)
  api.route('/', adminRoutes)
  api.route('/', boundariesRoutes)
  api.route('/', peopleRoutes)
  api.route('/', dashboardRoutes)
  api.route('/', careRoutes)
  api.route('/', resourcesRoutes)
  api.route('/', organisationsRoutes)
  api.route('/', deliberationRoutes)

  app.route('/api/v1', api)
  app.route('/open311/v2', open311Routes)
  return app
}

export type App = ReturnType<typeof createApp>

/** Jobs by kind. Domain issues add theirs here. */
const jobHandlers: Record<string, JobHandler> = {
  ...pointsJobHandlers,
  ...checkupJobHandlers,
  ...accountsJobHandlers,
  ...reportJobHandlers,
  ...timebankJobHandlers,
  ...careJobHandlers,
  ...resourcesJobHandlers,
}

/** Outbox topics consumed inside the app, by topic (e.g. 'report.accepted' → points). */
const outboxSubscribers: Record<string, OutboxSubscriber> = {
  ...pointsOutboxSubscribers,
}

function subscribersFor(deps: AppDeps): Record<string, OutboxSubscriber> {
  const subscribe = deps.subscribe ?? noopSubscribeSender(deps.logger)
  return {
    ...outboxSubscribers,
    [REPORT_SUBSCRIBE_TOPIC]: sendReportSubscribe(subscribe),
    [CARE_ALERT_TOPIC]: sendCareAlert({ subscribe, sms: deps.sms, smsEnabled: deps.config.careSms === true, logger: deps.logger }),
  }
}

/** Outbox delivery alone: right after a write commits (deps.outbox), and inside every tick. */
export async function deliverOutbox(deps: AppDeps, now: Date = deps.clock.now()): Promise<number> {
  return runOutbox({ db: deps.db.kysely, notifier: deps.notifier, logger: deps.logger }, subscribersFor(deps), now)
}

/** One scheduling pass: every minute from the node entry, from the timer trigger in the cloud. */
export async function tick(deps: AppDeps, now: Date = deps.clock.now()): Promise<TickResult> {
  await scheduleJob(deps.db.kysely, { kind: 'maintenance.daily', runAt: now, dedupeKey: `maintenance.daily:${businessDate(now)}` }, now)
  await schedulePointsJobs(deps.db.kysely, now)
  await scheduleDashboardJobs(deps.db.kysely, now)
  await runCareTick(deps, now)
  await scheduleResourcesJobs(deps.db.kysely, now)
  return runTick({ db: deps.db.kysely, notifier: deps.notifier, logger: deps.logger }, { ...jobHandlers, ...dashboardJobHandlers(deps) }, now, subscribersFor(deps))
}
