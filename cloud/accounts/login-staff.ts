import { createHash, randomBytes } from 'node:crypto'
import type { AppDeps } from '../platform/context'
import type { TLoginResponse, TStaffLoginRequest } from '../../types/accounts'
import { hashPassword, verifyPassword } from '../platform/auth'
import { AppError } from '../platform/errors'
import { claimAttempt, clearFailures, unclaimAttempt, type LockPolicy } from './repository/auth-failures'
import { addKnownDevice, findKnownDevice } from './repository/sessions'
import { findStaffLogin } from './repository/users'
import { issueSession } from './issue-session'

/** Ten wrong passwords from one address (or one known device) lock that address for 15 minutes, doubling up to a day. */
export const STAFF_LOCK: LockPolicy = { max: 10, lockMinutes: 15, maxLockMinutes: 24 * 60 }
/** Across all addresses: many wrong passwords lock the account for every address but its known devices. */
export const STAFF_ACCOUNT_LOCK: LockPolicy = { max: 100, lockMinutes: 15, maxLockMinutes: 24 * 60 }
export const KNOWN_DEVICE_DAYS = 180

// compared against when the username is unknown, so both cases take the same time
let dummyHash: Promise<string> | null = null

function hashDeviceToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

export interface LoginClient {
  /** client address (cloud/platform/client-address.ts) */
  address: string
  /** X-Device-Token: set on this browser or phone by an earlier successful login */
  deviceToken?: string
}

/**
 * Username + password. Failures are counted per (account, client): an attacker locks out their own
 * address, not the owner. A known device (a token this server gave after an earlier successful
 * login) has its own count and is not held by the account-wide lock, so the owner still gets in.
 * Every attempt is counted before the password is checked, in one statement (claimAttempt), so
 * parallel guesses get no more than ten verdicts.
 */
export async function loginStaff(deps: AppDeps, input: TStaffLoginRequest, client: LoginClient = { address: 'unknown' }): Promise<TLoginResponse & { deviceToken: string }> {
  const db = deps.db.kysely
  const now = deps.clock.now()
  const user = await findStaffLogin(db, input.username.toLowerCase())
  dummyHash ??= hashPassword('not-a-password')
  if (!user?.password_hash) {
    await verifyPassword(input.password, await dummyHash)
    throw new AppError('BAD_CREDENTIALS')
  }

  const deviceHash = client.deviceToken ? hashDeviceToken(client.deviceToken) : null
  const known = deviceHash ? await findKnownDevice(db, deviceHash, user.id, now) : false
  const subject = `staff:${user.id}`
  const bucket = known ? `device:${deviceHash}` : `addr:${client.address}`
  const claim = await claimAttempt(db, subject, bucket, now, STAFF_LOCK)
  if (!claim.allowed) throw new AppError('ACCOUNT_LOCKED', { retryAt: claim.lockedUntil?.toISOString() ?? null })
  if (!known) {
    const account = await claimAttempt(db, `staff-all:${user.id}`, '*', now, STAFF_ACCOUNT_LOCK)
    if (!account.allowed) throw new AppError('ACCOUNT_LOCKED', { retryAt: account.lockedUntil?.toISOString() ?? null, knownDeviceOnly: true })
  }

  if (!(await verifyPassword(input.password, user.password_hash))) {
    deps.logger.warn({ userId: user.id, client: bucket, failures: claim.failures, locked: claim.lockedNow }, 'staff login: wrong password')
    throw new AppError('BAD_CREDENTIALS')
  }
  await clearFailures(db, subject, bucket)
  if (!known) await unclaimAttempt(db, `staff-all:${user.id}`, '*')
  if (user.disabled_at) throw new AppError('ACCOUNT_DISABLED')
  const session = await issueSession(deps, user.id)
  let deviceToken = client.deviceToken
  if (!known || !deviceToken) {
    deviceToken = randomBytes(32).toString('base64url')
    await addKnownDevice(db, hashDeviceToken(deviceToken), user.id, now, new Date(now.getTime() + KNOWN_DEVICE_DAYS * 86_400_000))
  }
  return user.must_change_password ? { ...session, deviceToken, mustChangePassword: true } : { ...session, deviceToken }
}
