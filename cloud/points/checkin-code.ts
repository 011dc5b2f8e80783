import { createHmac, timingSafeEqual } from 'node:crypto'
import { AppError } from '../platform/errors'

/**
 * Event check-in codes: `<eventId>.<expires epoch s>.<hmac>` signed with the server secret.
 * Nothing is stored per code: a printed poster and a staff phone show the same kind of code, and a
 * copy past its expiry, or with any character changed, is refused.
 */
function mac(secret: string, body: string): string {
  return createHmac('sha256', `points-checkin:${secret}`).update(body).digest('base64url').slice(0, 32)
}

export function signCheckInCode(secret: string, eventId: string, expiresAt: Date): string {
  const body = `${eventId}.${Math.floor(expiresAt.getTime() / 1000)}`
  return `${body}.${mac(secret, body)}`
}

export function verifyCheckInCode(secret: string, code: string, now: Date): { eventId: string } {
  const parts = code.split('.')
  if (parts.length !== 3) throw new AppError('QR_INVALID')
  const [eventId, exp, sig] = parts
  const expected = Buffer.from(mac(secret, `${eventId}.${exp}`))
  const given = Buffer.from(sig)
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new AppError('QR_INVALID')
  if (!/^\d+$/.test(exp) || Number(exp) * 1000 <= now.getTime()) throw new AppError('QR_EXPIRED')
  return { eventId }
}

/** What the QR holds: the H5 check-in page with the code, so a phone camera opens it directly. */
export function checkInPath(code: string): string {
  return `/packages/points/checkin/index?code=${encodeURIComponent(code)}`
}
