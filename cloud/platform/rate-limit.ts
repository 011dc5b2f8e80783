import { createHash } from 'node:crypto'
import { sql } from 'kysely'
import type { Kdb } from '../db/db'
import { AppError } from './errors'

/** At most `max` in `seconds` (a window that starts at the first hit). */
export interface RateRule {
  max: number
  seconds: number
}

/** What is limited, and what it is counted per. An empty list switches that limit off. */
export interface RateLimits {
  /** login codes per phone number */
  smsPhone: RateRule[]
  /** login codes per client address (any phones) */
  smsAddress: RateRule[]
  /** 随手拍 reports per user */
  reports: RateRule[]
  /** photo uploads per user */
  uploads: RateRule[]
  /** Open311 POST service request per api_key */
  open311Post: RateRule[]
}
export type RateLimitName = keyof RateLimits

const ENV_NAMES: Record<RateLimitName, string> = {
  smsPhone: 'RATE_LIMIT_SMS_PHONE',
  smsAddress: 'RATE_LIMIT_SMS_ADDRESS',
  reports: 'RATE_LIMIT_REPORTS',
  uploads: 'RATE_LIMIT_UPLOADS',
  open311Post: 'RATE_LIMIT_OPEN311',
}

// what the person was doing, for the Chinese message the pages show as is
const LABELS: Record<RateLimitName, string> = {
  smsPhone: '获取验证码太频繁了',
  smsAddress: '获取验证码太频繁了',
  reports: '上报太频繁了',
  uploads: '上传照片太频繁了',
  open311Post: '提交太频繁了',
}

/** Production defaults (README "Rate limits and input limits"). */
export function defaultRateLimits(): RateLimits {
  return {
    smsPhone: [
      { max: 1, seconds: 60 },
      { max: 5, seconds: 3600 },
      { max: 10, seconds: 86_400 },
    ],
    smsAddress: [{ max: 20, seconds: 3600 }],
    reports: [
      { max: 3, seconds: 600 },
      { max: 20, seconds: 86_400 },
    ],
    uploads: [{ max: 30, seconds: 3600 }],
    open311Post: [
      { max: 30, seconds: 60 },
      { max: 1000, seconds: 86_400 },
    ],
  }
}

/** Every limit off: for tests and load tests that post far more than a person would, never production. */
export function noRateLimits(): RateLimits {
  return { smsPhone: [], smsAddress: [], reports: [], uploads: [], open311Post: [] }
}

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 }

/** "1/1m,5/1h,10/1d" → rules; "off" → none. Throws on anything else, so a typo stops the start. */
export function parseRateRules(text: string, name = 'rate limit'): RateRule[] {
  const t = text.trim()
  if (t === 'off') return []
  return t.split(',').map((part) => {
    const m = /^\s*(\d+)\s*\/\s*(\d+)\s*([smhd])\s*$/.exec(part)
    const max = m ? Number(m[1]) : 0
    const seconds = m ? Number(m[2]) * UNIT_SECONDS[m[3]] : 0
    if (!m || max < 1 || seconds < 1) throw new Error(`${name}: "${part}" is not like 5/1h (count/window, window in s, m, h or d) or off`)
    return { max, seconds }
  })
}

export function rateLimitsFromEnv(env: NodeJS.ProcessEnv): RateLimits {
  const limits = defaultRateLimits()
  for (const name of Object.keys(ENV_NAMES) as RateLimitName[]) {
    const value = env[ENV_NAMES[name]]
    if (value !== undefined && value !== '') limits[name] = parseRateRules(value, ENV_NAMES[name])
  }
  return limits
}

function waitText(seconds: number): string {
  if (seconds < 60) return `${seconds} 秒`
  if (seconds < 3600) return `${Math.ceil(seconds / 60)} 分钟`
  return `${Math.ceil(seconds / 3600)} 小时`
}

export interface RateCheck {
  name: RateLimitName
  /** who or what is counted: a phone, a user id, a client address, an API key */
  subject: string
}

class Refused extends Error {}

/**
 * Counts one hit against every rule of every check, all or nothing: in one transaction, one
 * INSERT … ON CONFLICT DO UPDATE per call adds a hit to each key whose window still has room (or
 * has ended, which starts a new one); if any key is full the transaction is rolled back, so a
 * refused request uses up nothing, and the answer is 429 RATE_LIMITED with details.retryAfter
 * (seconds until the fullest window ends). The row lock of the upsert makes parallel requests on
 * any number of instances queue per key, so no window ever lets more than `max` through.
 */
export async function hitRateLimits(db: Kdb, limits: RateLimits, checks: RateCheck[], now: Date): Promise<void> {
  const rows: { key: string; resetsAt: Date; max: number; name: RateLimitName }[] = []
  for (const { name, subject } of checks) {
    for (const rule of limits[name]) {
      rows.push({ key: `${name}.${rule.seconds}s:${subject}`.slice(0, 200), resetsAt: new Date(now.getTime() + rule.seconds * 1000), max: rule.max, name })
    }
  }
  if (rows.length === 0) return
  // keys in one order everywhere: two requests locking the same keys never deadlock
  rows.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  try {
    await db.transaction().execute(async (trx) => {
      const counted = await sql<{ key: string }>`
        INSERT INTO rate_limits AS r (key, resets_at, max_hits, hits)
        VALUES ${sql.join(rows.map((x) => sql`(${x.key}, ${x.resetsAt}, ${x.max}, 1)`))}
        ON CONFLICT (key) DO UPDATE SET
          hits = CASE WHEN r.resets_at <= ${now} THEN 1 ELSE r.hits + 1 END,
          resets_at = CASE WHEN r.resets_at <= ${now} THEN EXCLUDED.resets_at ELSE r.resets_at END,
          max_hits = EXCLUDED.max_hits
        WHERE r.resets_at <= ${now} OR r.hits < EXCLUDED.max_hits
        RETURNING key`.execute(trx)
      if (counted.rows.length < rows.length) throw new Refused()
    })
  } catch (error) {
    if (!(error instanceof Refused)) throw error
    const full = await db
      .selectFrom('rate_limits')
      .select(['key', 'resets_at', 'hits', 'max_hits'])
      .where(
        'key',
        'in',
        rows.map((x) => x.key),
      )
      .execute()
    let retryAfter = 1
    let name = rows[0].name
    for (const f of full) {
      const wanted = rows.find((x) => x.key === f.key)!
      const resets = new Date(f.resets_at)
      if (resets > now && f.hits >= wanted.max) {
        const wait = Math.max(1, Math.ceil((resets.getTime() - now.getTime()) / 1000))
        if (wait >= retryAfter) [retryAfter, name] = [wait, wanted.name]
      }
    }
    throw new AppError('RATE_LIMITED', { retryAfter, limit: name }, `${LABELS[name]}，请 ${waitText(retryAfter)}后再试`)
  }
}

/** Ended windows are of no use: removed by the nightly maintenance job. */
export async function pruneRateLimits(db: Kdb, now: Date): Promise<void> {
  await db.deleteFrom('rate_limits').where('resets_at', '<=', now).execute()
}

/** An API key is counted by a digest, so the limiter table never holds a usable key. */
export function keyDigest(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url').slice(0, 22)
}

/** The part of a request context (platform/context.ts Ctx) the limiter reads; typed here so this file needs no http import. */
interface LimitContext {
  var: { deps: { db: { kysely: Kdb }; config: { rateLimits: RateLimits }; clock: { now(): Date } } }
}

/** hitRateLimits for a request: deps from the context; a check whose subject is unknown is skipped. */
export async function limitRequest(c: LimitContext, checks: { name: RateLimitName; subject: string | null | undefined }[]): Promise<void> {
  const { deps } = c.var
  const known = checks.filter((x): x is RateCheck => typeof x.subject === 'string' && x.subject !== '')
  await hitRateLimits(deps.db.kysely, deps.config.rateLimits, known, deps.clock.now())
}
