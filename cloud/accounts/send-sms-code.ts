import { createHash } from 'node:crypto'
import { sql } from 'kysely'
import type { AppDeps } from '../platform/context'
import type { TSmsSendRequest } from '../../types/accounts'
import { addMinutes } from '../platform/clock'
import { AppError } from '../platform/errors'
import { randomDigits } from '../platform/ids'
import { findLock } from './accounts.repository'
import { SmsUnavailableError } from '../platform/sms'

export const SMS_CODE_TTL_MINUTES = 5
export const SMS_RESEND_SECONDS = 60

export function hashSmsCode(phone: string, code: string): string {
  return createHash('sha256').update(`${phone}:${code}`).digest('hex')
}

/** Sends a 6-digit login code; one per minute per phone; an address locked out for the phone gets none. */
export async function sendSmsCode(deps: AppDeps, input: TSmsSendRequest, client = 'unknown') {
  if (deps.config.phoneLogin === false) throw new AppError('PHONE_LOGIN_DISABLED')
  const now = deps.clock.now()
  // an address locked out for this phone (too many wrong codes) gets no new code either
  const lockedUntil = await findLock(deps.db.kysely, `sms:${input.phone}`, `addr:${client}`, now)
  if (lockedUntil) throw new AppError('SMS_LOCKED', { retryAt: lockedUntil.toISOString() })
  const code = randomDigits(6)
  const codeHash = hashSmsCode(input.phone, code)
  const resendAfter = new Date(now.getTime() - SMS_RESEND_SECONDS * 1000)
  // one statement decides: a new row, or an existing one that is neither locked nor too recent
  const written = await sql<{ phone: string }>`
    INSERT INTO sms_codes (phone, code_hash, expires_at, last_sent_at, attempts)
    VALUES (${input.phone}, ${codeHash}, ${addMinutes(now, SMS_CODE_TTL_MINUTES)}, ${now}, 0)
    ON CONFLICT (phone) DO UPDATE SET
      code_hash = EXCLUDED.code_hash, expires_at = EXCLUDED.expires_at, last_sent_at = EXCLUDED.last_sent_at,
      -- a new code starts with no wrong tries: earlier guesses (anyone's) do not void it
      attempts = 0
    WHERE (sms_codes.locked_until IS NULL OR sms_codes.locked_until <= ${now})
      AND (sms_codes.last_sent_at IS NULL OR sms_codes.last_sent_at <= ${resendAfter})
    RETURNING phone`.execute(deps.db.kysely)
  if (written.rows.length === 0) {
    const row = await deps.db.kysely.selectFrom('sms_codes').select(['locked_until']).where('phone', '=', input.phone).executeTakeFirst()
    if (row?.locked_until && row.locked_until > now) throw new AppError('SMS_LOCKED', { retryAt: row.locked_until.toISOString() })
    throw new AppError('SMS_TOO_FREQUENT', { retryInSeconds: SMS_RESEND_SECONDS })
  }
  try {
    await deps.sms.sendLoginCode(input.phone, code)
  } catch (error) {
    if (!(error instanceof SmsUnavailableError)) throw error
    deps.logger.warn({ provider: error.provider, reason: error.reason }, 'SMS provider failed')
    // nothing reached the phone: the code is void and the resend wait is given back, so the person
    // may try again at once; wrong-code attempts so far are kept (this is no way round the lock)
    await deps.db.kysely
      .updateTable('sms_codes')
      .set({ code_hash: null, expires_at: null, last_sent_at: null })
      .where('phone', '=', input.phone)
      .where('code_hash', '=', codeHash)
      .execute()
    throw new AppError('SMS_UNAVAILABLE', { provider: error.provider })
  }
  return {
    sent: true as const,
    expiresInSeconds: SMS_CODE_TTL_MINUTES * 60,
    resendInSeconds: SMS_RESEND_SECONDS,
    ...(deps.config.demoMode ? { demoHint: '演示模式：验证码写在服务器日志里；演示账号可直接使用 123456' } : {}),
  }
}
