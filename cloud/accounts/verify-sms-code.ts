import type { AppDeps } from '../platform/context'
import type { TLoginResponse, TSmsVerifyRequest } from '../../types/accounts'
import { AppError, isUniqueViolation } from '../platform/errors'
import { newId } from '../platform/ids'
import { claimAttempt, clearFailures, type LockPolicy } from './repository/auth-failures'
import { consumeSmsCode, countSmsFailure, deleteSmsCode, findSmsCode } from './repository/sms-codes'
import { findUserByPhone, insertPhoneUser } from './repository/users'
import { hashSmsCode } from './send-sms-code'
import { issueSession } from './issue-session'

/** Five wrong codes from one address lock that address out of the phone for 15 minutes, doubling up to a day. */
export const SMS_LOCK: LockPolicy = { max: 5, lockMinutes: 15, maxLockMinutes: 24 * 60 }
export const SMS_MAX_ATTEMPTS = SMS_LOCK.max
/** Wrong tries at one code from all addresses together before the code is void. */
export const SMS_CODE_MAX_TRIES = 10
export const DEMO_SMS_CODE = '123456'

/**
 * Phone + code → session. A phone seen for the first time becomes a new resident account.
 * Wrong codes are counted per (phone, client address), claimed before the code is checked, so a
 * stranger's guesses lock out only the stranger; a success clears that address's count.
 */
export async function verifySmsCode(deps: AppDeps, input: TSmsVerifyRequest, client = 'unknown'): Promise<TLoginResponse> {
  if (deps.config.phoneLogin === false) throw new AppError('PHONE_LOGIN_DISABLED')
  const db = deps.db.kysely
  const now = deps.clock.now()
  const subject = `sms:${input.phone}`
  const bucket = `addr:${client}`
  const claim = await claimAttempt(db, subject, bucket, now, SMS_LOCK)
  if (!claim.allowed) throw new AppError('SMS_LOCKED', { retryAt: claim.lockedUntil?.toISOString() ?? null })

  const user = await findUserByPhone(db, input.phone)
  const demoOk = deps.config.demoMode && Boolean(user?.demo_account) && input.code === DEMO_SMS_CODE
  if (!demoOk) {
    // check and consume in one statement: of two logins racing with one code, one wins
    const consumed = await consumeSmsCode(db, input.phone, hashSmsCode(input.phone, input.code), now)
    if (!consumed) {
      const row = await findSmsCode(db, input.phone)
      if (row?.code_hash === hashSmsCode(input.phone, input.code) && row.expires_at && row.expires_at <= now) throw new AppError('SMS_CODE_EXPIRED')
      await countSmsFailure(db, input.phone, SMS_CODE_MAX_TRIES)
      if (claim.lockedNow) throw new AppError('SMS_LOCKED')
      throw new AppError('SMS_CODE_INVALID', { attemptsLeft: Math.max(0, SMS_LOCK.max - claim.failures) })
    }
  } else {
    await deleteSmsCode(db, input.phone)
  }
  await clearFailures(db, subject, bucket)

  let userId = user?.id
  if (!userId) {
    userId = newId()
    try {
      await insertPhoneUser(db, userId, input.phone, now)
    } catch (error) {
      // two first logins at once: the other one created the account
      if (!isUniqueViolation(error)) throw error
      userId = (await findUserByPhone(db, input.phone))?.id
      if (!userId) throw error
    }
  }
  return issueSession(deps, userId)
}
