import { createHash } from 'node:crypto'
import type { AppDeps } from '../platform/context'
import type { TSmsSendRequest } from '../../types/accounts'
import { addMinutes } from '../platform/clock'
import { AppError } from '../platform/errors'
import { randomDigits } from '../platform/ids'
import { findLock } from './repository/auth-failures'
import { findSmsCode, voidUnsentSmsCode, writeSmsCode } from './repository/sms-codes'
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
  const written = await writeSmsCode(deps.db.kysely, { phone: input.phone, codeHash, expiresAt: addMinutes(now, SMS_CODE_TTL_MINUTES), now, resendAfter })
  if (!written) {
    const row = await findSmsCode(deps.db.kysely, input.phone)
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
    await voidUnsentSmsCode(deps.db.kysely, input.phone, codeHash)
    throw new AppError('SMS_UNAVAILABLE', { provider: error.provider })
  }
  return {
    sent: true as const,
    expiresInSeconds: SMS_CODE_TTL_MINUTES * 60,
    resendInSeconds: SMS_RESEND_SECONDS,
    ...(deps.config.demoMode ? { demoHint: '演示模式：验证码写在服务器日志里；演示账号可直接使用 123456' } : {}),
  }
}
