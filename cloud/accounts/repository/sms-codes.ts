import { sql } from 'kysely'
import type { Kdb } from '../../db/db'

/** Login codes by phone (one live code per phone, hashed): sent, tried, consumed, voided. */

/**
 * One wrong try at the phone's current code, from anywhere: after `maxTries` the code is void (a new
 * one must be sent). This never locks the phone — locks are per client address (claimAttempt).
 */
export async function countSmsFailure(db: Kdb, phone: string, maxTries: number): Promise<void> {
  await sql`
    UPDATE sms_codes SET
      attempts = attempts + 1,
      code_hash = CASE WHEN attempts + 1 >= ${maxTries}::int THEN NULL ELSE code_hash END
    WHERE phone = ${phone}`.execute(db)
}

/**
 * A new code for the phone, decided in one statement: a new row, or an existing one that is neither
 * locked nor sent after `resendAfter`. False when the phone is locked or was sent a code too recently.
 */
export async function writeSmsCode(db: Kdb, c: { phone: string; codeHash: string; expiresAt: Date; now: Date; resendAfter: Date }): Promise<boolean> {
  const written = await sql<{ phone: string }>`
    INSERT INTO sms_codes (phone, code_hash, expires_at, last_sent_at, attempts)
    VALUES (${c.phone}, ${c.codeHash}, ${c.expiresAt}, ${c.now}, 0)
    ON CONFLICT (phone) DO UPDATE SET
      code_hash = EXCLUDED.code_hash, expires_at = EXCLUDED.expires_at, last_sent_at = EXCLUDED.last_sent_at,
      -- a new code starts with no wrong tries: earlier guesses (anyone's) do not void it
      attempts = 0
    WHERE (sms_codes.locked_until IS NULL OR sms_codes.locked_until <= ${c.now})
      AND (sms_codes.last_sent_at IS NULL OR sms_codes.last_sent_at <= ${c.resendAfter})
    RETURNING phone`.execute(db)
  return written.rows.length > 0
}

export async function findSmsCode(db: Kdb, phone: string) {
  return db.selectFrom('sms_codes').select(['code_hash', 'expires_at', 'locked_until']).where('phone', '=', phone).executeTakeFirst()
}

/**
 * Nothing reached the phone: the code is void and the resend wait is given back; wrong-code
 * attempts so far are kept (this is no way round the lock).
 */
export async function voidUnsentSmsCode(db: Kdb, phone: string, codeHash: string): Promise<void> {
  await db.updateTable('sms_codes').set({ code_hash: null, expires_at: null, last_sent_at: null }).where('phone', '=', phone).where('code_hash', '=', codeHash).execute()
}

/** Checks and consumes the code in one statement: of two logins racing with one code, one wins. */
export async function consumeSmsCode(db: Kdb, phone: string, codeHash: string, now: Date): Promise<boolean> {
  const consumed = await db.deleteFrom('sms_codes').where('phone', '=', phone).where('code_hash', '=', codeHash).where('expires_at', '>', now).returning('phone').executeTakeFirst()
  return Boolean(consumed)
}

export async function deleteSmsCode(db: Kdb, phone: string): Promise<void> {
  await db.deleteFrom('sms_codes').where('phone', '=', phone).execute()
}

/** Expired codes go, except where a lock on the phone still holds. */
export async function pruneSmsCodes(db: Kdb, now: Date): Promise<void> {
  await db
    .deleteFrom('sms_codes')
    .where('expires_at', '<', now)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
    .execute()
}
