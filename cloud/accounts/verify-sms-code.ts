import type { AppDeps } from '../app'
import type { TLoginResponse, TSmsVerifyRequest } from '../../types/accounts'
import { addMinutes } from '../platform/clock'
import { AppError, isUniqueViolation } from '../platform/errors'
import { newId } from '../platform/ids'
import { countSmsFailure } from './accounts.repository'
import { hashSmsCode } from './send-sms-code'
import { issueSession } from './issue-session'

export const SMS_MAX_ATTEMPTS = 5
export const SMS_LOCK_MINUTES = 15
export const DEMO_SMS_CODE = '123456'

/** Phone + code → session. A phone seen for the first time becomes a new resident account. */
export async function verifySmsCode(deps: AppDeps, input: TSmsVerifyRequest): Promise<TLoginResponse> {
  if (deps.config.phoneLogin === false) throw new AppError('PHONE_LOGIN_DISABLED')
  const db = deps.db.kysely
  const now = deps.clock.now()
  const row = await db.selectFrom('sms_codes').selectAll().where('phone', '=', input.phone).executeTakeFirst()
  if (row?.locked_until && row.locked_until > now) throw new AppError('SMS_LOCKED', { retryAt: row.locked_until.toISOString() })

  const user = await db.selectFrom('users').select(['id', 'demo_account']).where('phone', '=', input.phone).executeTakeFirst()
  const demoOk = deps.config.demoMode && Boolean(user?.demo_account) && input.code === DEMO_SMS_CODE
  if (!demoOk) {
    // check and consume in one statement: of two logins racing with one code, one wins
    const consumed = await db
      .deleteFrom('sms_codes')
      .where('phone', '=', input.phone)
      .where('code_hash', '=', hashSmsCode(input.phone, input.code))
      .where('expires_at', '>', now)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
      .returning('phone')
      .executeTakeFirst()
    if (!consumed) {
      if (row?.code_hash === hashSmsCode(input.phone, input.code) && row.expires_at && row.expires_at <= now) throw new AppError('SMS_CODE_EXPIRED')
      if (row && row.code_hash === null && row.attempts === 0) throw new AppError('SMS_CODE_INVALID', { attemptsLeft: SMS_MAX_ATTEMPTS })
      const { attempts, locked } = await countSmsFailure(db, input.phone, now, SMS_MAX_ATTEMPTS, addMinutes(now, SMS_LOCK_MINUTES))
      if (locked) throw new AppError('SMS_LOCKED')
      throw new AppError('SMS_CODE_INVALID', { attemptsLeft: Math.max(0, SMS_MAX_ATTEMPTS - attempts) })
    }
  } else {
    await db.deleteFrom('sms_codes').where('phone', '=', input.phone).execute()
  }

  let userId = user?.id
  if (!userId) {
    userId = newId()
    try {
      await db
        .insertInto('users')
        .values({ id: userId, name: `居民${input.phone.slice(-4)}`, phone: input.phone, created_at: now })
        .execute()
    } catch (error) {
      // two first logins at once: the other one created the account
      if (!isUniqueViolation(error)) throw error
      userId = (await db.selectFrom('users').select('id').where('phone', '=', input.phone).executeTakeFirstOrThrow()).id
    }
  }
  return issueSession(deps, userId)
}
