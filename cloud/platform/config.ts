import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { defaultRateLimits, rateLimitsFromEnv, type RateLimits } from './rate-limit'

export interface AppConfig {
  /** Demo mode: SMS codes are logged, demo accounts accept 123456, demo Open311 key. */
  demoMode: boolean
  jwtSecret: string
  /** Pepper for the keyed hash of ID numbers. */
  idPepper: string
  sessionDays: number
  /** JSON bodies larger than this answer 413. */
  jsonBodyLimit: number
  wechat: { appId: string | null; appSecret: string | null }
  /** Per phone, address, user and API key (cloud/platform/rate-limit.ts); RATE_LIMIT_* env. */
  rateLimits: RateLimits
  /** Behind a reverse proxy: the client address is the last X-Forwarded-For entry (TRUST_PROXY=true). */
  trustProxy: boolean
}

export function testConfig(overrides: Partial<AppConfig> = {}): AppConfig {
  return {
    demoMode: true,
    jwtSecret: 'test-secret-test-secret-test-secret',
    idPepper: 'test-pepper',
    sessionDays: 30,
    jsonBodyLimit: 64 * 1024,
    wechat: { appId: null, appSecret: null },
    rateLimits: defaultRateLimits(),
    trustProxy: false,
    ...overrides,
  }
}

/**
 * Secrets come from the environment (JWT_SECRET, ID_HASH_PEPPER) or are generated once into
 * DATA_DIR/secrets.json, so sessions survive a restart without any set-up.
 */
export function loadConfig(env: NodeJS.ProcessEnv, dataDir: string): AppConfig {
  const secretsFile = join(dataDir, 'secrets.json')
  let stored: { jwtSecret?: string; idPepper?: string } = {}
  if (existsSync(secretsFile)) stored = JSON.parse(readFileSync(secretsFile, 'utf8'))
  if (!env.JWT_SECRET && !stored.jwtSecret) stored.jwtSecret = randomBytes(32).toString('base64url')
  if (!env.ID_HASH_PEPPER && !stored.idPepper) stored.idPepper = randomBytes(32).toString('base64url')
  if (!existsSync(secretsFile) || !env.JWT_SECRET || !env.ID_HASH_PEPPER) {
    mkdirSync(dataDir, { recursive: true })
    writeFileSync(secretsFile, JSON.stringify(stored, null, 2), { mode: 0o600 })
  }
  return {
    demoMode: (env.DEMO_MODE ?? 'true') !== 'false',
    jwtSecret: env.JWT_SECRET || stored.jwtSecret!,
    idPepper: env.ID_HASH_PEPPER || stored.idPepper!,
    sessionDays: Number(env.SESSION_DAYS || 30),
    jsonBodyLimit: 64 * 1024,
    wechat: { appId: env.WECHAT_APPID || null, appSecret: env.WECHAT_SECRET || null },
    rateLimits: rateLimitsFromEnv(env),
    trustProxy: env.TRUST_PROXY === 'true' || env.TRUST_PROXY === '1',
  }
}
