import { sql } from 'kysely'
import type { Kdb } from '../../db/db'

/** Wrong tries at a secret (password, SMS code) per (subject, client), and the locks they earn. */

/** How many wrong tries a (subject, client) gets before a lock, and how long the first lock lasts (doubling, capped). */
export interface LockPolicy {
  max: number
  lockMinutes: number
  maxLockMinutes: number
}

export type Claim = { allowed: true; failures: number; lockedNow: boolean } | { allowed: false; lockedUntil: Date | null }

/**
 * Claims one attempt at a secret for (subject, client), counted before the secret is checked and
 * in one statement: of any number of parallel tries exactly `max` are judged, the rest are refused
 * while the lock holds. A lock that has run out starts a new window; each new lock lasts twice as
 * long as the one before (back-off), up to maxLockMinutes.
 */
export async function claimAttempt(db: Kdb, subject: string, client: string, now: Date, policy: LockPolicy): Promise<Claim> {
  const next = sql`CASE WHEN f.locked_until IS NOT NULL THEN 1 ELSE f.failures + 1 END`
  const lockFor = sql`LEAST(${policy.maxLockMinutes}::int, ${policy.lockMinutes}::int * power(2, LEAST(f.lock_count, 16)))`
  const result = await sql<{ failures: number; locked_until: Date | null }>`
    INSERT INTO auth_failures AS f (subject, client, failures, lock_count, locked_until, last_at)
    VALUES (${subject}, ${client}, 1,
            CASE WHEN 1 >= ${policy.max}::int THEN 1 ELSE 0 END,
            CASE WHEN 1 >= ${policy.max}::int THEN ${now}::timestamptz + ${policy.lockMinutes}::int * interval '1 minute' END,
            ${now}::timestamptz)
    ON CONFLICT (subject, client) DO UPDATE SET
      failures = ${next},
      locked_until = CASE WHEN ${next} >= ${policy.max}::int THEN ${now}::timestamptz + ${lockFor} * interval '1 minute' END,
      lock_count = f.lock_count + CASE WHEN ${next} >= ${policy.max}::int THEN 1 ELSE 0 END,
      last_at = ${now}::timestamptz
    WHERE f.locked_until IS NULL OR f.locked_until <= ${now}::timestamptz
    RETURNING failures, locked_until`.execute(db)
  const row = result.rows[0]
  if (row) return { allowed: true, failures: row.failures, lockedNow: row.locked_until !== null }
  const lock = await db.selectFrom('auth_failures').select('locked_until').where('subject', '=', subject).where('client', '=', client).executeTakeFirst()
  return { allowed: false, lockedUntil: lock?.locked_until ?? null }
}

/** The lock on (subject, client) if one holds now. */
export async function findLock(db: Kdb, subject: string, client: string, now: Date): Promise<Date | null> {
  const row = await db.selectFrom('auth_failures').select('locked_until').where('subject', '=', subject).where('client', '=', client).executeTakeFirst()
  return row?.locked_until && row.locked_until > now ? row.locked_until : null
}

/** The secret was right: that client's count and back-off start again. */
export async function clearFailures(db: Kdb, subject: string, client: string): Promise<void> {
  await db.deleteFrom('auth_failures').where('subject', '=', subject).where('client', '=', client).execute()
}

/** A claimed attempt that turned out right does not count against a shared (whole-account) window. */
export async function unclaimAttempt(db: Kdb, subject: string, client: string): Promise<void> {
  await sql`UPDATE auth_failures SET failures = GREATEST(failures - 1, 0) WHERE subject = ${subject} AND client = ${client} AND locked_until IS NULL`.execute(db)
}

/** Failure counts idle for a week are forgiven (their back-off too); a lock that still holds is kept. */
export async function pruneAuthFailures(db: Kdb, now: Date): Promise<void> {
  await db
    .deleteFrom('auth_failures')
    .where('last_at', '<', new Date(now.getTime() - 7 * 86_400_000))
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
    .execute()
}
