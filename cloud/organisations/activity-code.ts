import { createHmac, timingSafeEqual } from 'node:crypto'
import { AppError } from '../platform/errors'

/**
 * An activity's sign-in QR: `oa1.<activityId>.<expires epoch s>.<hmac>` signed with the server
 * secret, like the points event codes (nothing stored per code; a copy past its expiry or with a
 * character changed is refused).
 */
function mac(secret: string, body: string): string {
  return createHmac('sha256', `organisation-activity:${secret}`).update(body).digest('base64url').slice(0, 32)
}

export function signActivityCode(secret: string, activityId: string, expiresAt: Date): string {
  const body = `oa1.${activityId}.${Math.floor(expiresAt.getTime() / 1000)}`
  return `${body}.${mac(secret, body)}`
}

export function verifyActivityCode(secret: string, code: string, now: Date): { activityId: string } {
  const parts = code.split('.')
  if (parts.length !== 4 || parts[0] !== 'oa1') throw new AppError('QR_INVALID')
  const [, activityId, exp, sig] = parts
  const expected = Buffer.from(mac(secret, `oa1.${activityId}.${exp}`))
  const given = Buffer.from(sig)
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new AppError('QR_INVALID')
  if (!/^\d+$/.test(exp) || Number(exp) * 1000 <= now.getTime()) throw new AppError('QR_EXPIRED')
  return { activityId }
}

/** What the QR holds: the sign-in page with the code, so a phone camera opens it directly. */
export function activityCheckInPath(code: string): string {
  return `/packages/resources/org-checkin/index?code=${encodeURIComponent(code)}`
}
