import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { defaultRateLimits, rateLimitsFromEnv, type RateLimits } from './rate-limit'

export interface AppConfig {
  /** Demo mode: SMS codes are logged, demo accounts accept 123456, demo Open311 key. */
  demoMode: boolean
  /** Production mode (NODE_ENV=production; the cloud function unless DEMO_MODE=true): no demo, real secrets and SMS. */
  production?: boolean
  /** Phone + SMS login offered (PHONE_LOGIN=false turns it off: WeChat and staff logins only). */
  phoneLogin?: boolean
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
  /** 独居老人关爱 meters: the vendor webhook's secret (IOT_WEBHOOK_SECRET), the MQTT broker (MQTT_URL, MQTT_TOPIC). */
  iot?: { webhookSecret: string | null; mqttUrl: string | null; mqttTopic: string | null }
  /** 独居老人关爱: alerts also go to family members' phones by SMS (CARE_SMS=true; needs an SMS provider that sends notices). */
  careSms?: boolean
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
 * A configuration the server must not start with. The message is one line, Chinese then English,
 * printed by the entry before it exits with a non-zero code.
 */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ConfigError'
  }
}

export type Runtime = 'node' | 'cloud'

/**
 * Production on Node when NODE_ENV=production; inside the WeChat cloud function always, unless
 * DEMO_MODE=true is set there explicitly (a cloud function is never a newcomer's laptop).
 */
export function isProduction(env: NodeJS.ProcessEnv, runtime: Runtime = 'node'): boolean {
  if (runtime === 'cloud') return env.DEMO_MODE !== 'true'
  return env.NODE_ENV === 'production'
}

const MIN_SECRET_BYTES = 32

function requireSecret(env: NodeJS.ProcessEnv, name: 'JWT_SECRET' | 'ID_HASH_PEPPER'): string {
  const value = env[name]
  if (!value) throw new ConfigError(`生产模式必须设置 ${name}（至少 32 字节） / production mode requires ${name} (at least 32 bytes)`)
  if (Buffer.byteLength(value, 'utf8') < MIN_SECRET_BYTES) {
    throw new ConfigError(`${name} 太短，至少 32 字节 / ${name} is too short: at least 32 bytes`)
  }
  return value
}

/**
 * Demo and development: secrets come from the environment (JWT_SECRET, ID_HASH_PEPPER) or are
 * generated once into DATA_DIR/secrets.json, so sessions survive a restart without any set-up.
 * Production: both must come from the environment, 32 bytes or more, and nothing is generated
 * (two instances with generated secrets would not accept each other's sessions).
 */
export function loadConfig(env: NodeJS.ProcessEnv, dataDir: string, runtime: Runtime = 'node'): AppConfig {
  const production = isProduction(env, runtime)
  const phoneLogin = env.PHONE_LOGIN !== 'false'
  const base = {
    production,
    phoneLogin,
    sessionDays: Number(env.SESSION_DAYS || 30),
    jsonBodyLimit: 64 * 1024,
    wechat: { appId: env.WECHAT_APPID || null, appSecret: env.WECHAT_SECRET || null },
    rateLimits: rateLimitsFromEnv(env),
    trustProxy: env.TRUST_PROXY === 'true' || env.TRUST_PROXY === '1',
    iot: { webhookSecret: env.IOT_WEBHOOK_SECRET || null, mqttUrl: env.MQTT_URL || null, mqttTopic: env.MQTT_TOPIC || null },
    careSms: env.CARE_SMS === 'true',
  }
  if (production && env.IOT_WEBHOOK_SECRET && Buffer.byteLength(env.IOT_WEBHOOK_SECRET, 'utf8') < MIN_SECRET_BYTES) {
    throw new ConfigError('IOT_WEBHOOK_SECRET 太短，至少 32 字节 / IOT_WEBHOOK_SECRET is too short: at least 32 bytes')
  }
  if (production) {
    return { ...base, demoMode: false, jwtSecret: requireSecret(env, 'JWT_SECRET'), idPepper: requireSecret(env, 'ID_HASH_PEPPER') }
  }
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
    ...base,
    demoMode: (env.DEMO_MODE ?? 'true') !== 'false',
    jwtSecret: env.JWT_SECRET || stored.jwtSecret!,
    idPepper: env.ID_HASH_PEPPER || stored.idPepper!,
  }
}
