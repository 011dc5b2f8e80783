import { createApp, type AppDeps } from '../../cloud/app'
import type { Db } from '../../cloud/db/db'
import { fixedClock } from '../../cloud/platform/clock'
import { testConfig, type AppConfig } from '../../cloud/platform/config'
import { silentLogger } from '../../cloud/platform/logger'
import { memorySmsProvider } from '../../cloud/platform/sms'
import type { Notifier } from '../../cloud/platform/notices'
import { noopSubscribeSender } from '../../cloud/platform/wechat-subscribe'
import { freshDb, TEST_PEPPER, type DbKind } from './db'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { localStorage, type Storage } from '../../cloud/platform/storage'
import { noRateLimits } from '../../cloud/platform/rate-limit'
import { accountsIdentity } from '../../cloud/accounts'

export const TEST_NOW = '2026-11-27T04:00:00Z' // 12:00 in Shanghai

export interface TestContext {
  kind: DbKind
  db: Db
  deps: AppDeps
  app: ReturnType<typeof createApp>
  clock: ReturnType<typeof fixedClock>
  sms: ReturnType<typeof memorySmsProvider>
  delivered: { topic: string; payload: Record<string, unknown> }[]
  /** Folder the test's photo storage writes to. */
  filesDir: string
  /** JSON request through the real app; returns status and parsed body. */
  call(method: string, path: string, options?: { body?: unknown; token?: string; headers?: Record<string, string>; raw?: string }): Promise<{ status: number; body: any }>
  /** Demo login: phone (SMS 123456) or staff username (demo1234); returns the token. */
  login(who: string): Promise<string>
  close(): Promise<void>
}

export async function createTestContext(kind: DbKind, config: Partial<AppConfig> = {}): Promise<TestContext> {
  const db = await freshDb(kind)
  const clock = fixedClock(TEST_NOW)
  const sms = memorySmsProvider()
  const delivered: TestContext['delivered'] = []
  const notifier: Notifier = {
    async deliver(topic, payload) {
      delivered.push({ topic, payload })
    },
  }
  // photos go to a fresh folder per test file (the real sharp pipeline and file system, no mock)
  const filesDir = mkdtempSync(join(tmpdir(), 'linli-files-'))
  const storage: Storage = localStorage(filesDir)
  // limits off unless a test asks for them (config.rateLimits): most tests post far more reports and
  // SMS for one demo person at one fixed instant than a person could; tests/integration/rate-limits
  // runs the production defaults (testConfig()) and checks them
  const deps: AppDeps = {
    db,
    clock,
    config: testConfig({ idPepper: TEST_PEPPER, rateLimits: noRateLimits(), ...config }),
    logger: silentLogger,
    sms,
    notifier,
    identity: accountsIdentity,
    storage,
    subscribe: noopSubscribeSender(),
  }
  const app = createApp(deps)
  const call: TestContext['call'] = async (method, path, options = {}) => {
    const headers: Record<string, string> = { ...(options.headers ?? {}) }
    if (options.token) headers.authorization = `Bearer ${options.token}`
    let body: string | undefined = options.raw
    if (options.body !== undefined) {
      body = JSON.stringify(options.body)
      headers['content-type'] ??= 'application/json'
    }
    const res = await app.request(path, { method, headers, body })
    const text = await res.text()
    let parsed: unknown = text
    try {
      parsed = text ? JSON.parse(text) : null
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed }
  }
  const login = async (who: string) => {
    const res = /^\d+$/.test(who)
      ? await call('POST', '/api/v1/auth/sms/verify', { body: { phone: who, code: '123456' } })
      : await call('POST', '/api/v1/auth/staff/login', { body: { username: who, password: 'demo1234' } })
    if (res.status !== 200) throw new Error(`login ${who} failed: ${JSON.stringify(res.body)}`)
    return res.body.token as string
  }
  return { kind, db, deps, app, clock, sms, delivered, filesDir, call, login, close: () => db.close() }
}

/** describe() once per database kind, with a fresh database for the block. */
export function describeEachDb(name: string, body: (ctx: () => TestContext) => void, config: Partial<AppConfig> = {}): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded when a suite is declared, not when this helper is imported
  const { DB_KINDS } = require('./db') as typeof import('./db')
  describe.each(DB_KINDS)(`${name} [%s]`, (kind) => {
    let ctx: TestContext
    beforeAll(async () => {
      ctx = await createTestContext(kind as DbKind, config)
    })
    afterAll(async () => {
      await ctx?.close()
    })
    body(() => ctx)
  })
}
