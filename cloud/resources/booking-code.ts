import { createHmac, timingSafeEqual } from 'node:crypto'
import { AppError } from '../platform/errors'

/**
 * A booking's check-in QR: `rb1.<bookingId>.<hmac>` signed with the server secret. Nothing is
 * stored; the booking's own status and time decide whether it checks in.
 */
function mac(secret: string, bookingId: string): string {
  return createHmac('sha256', `resource-booking:${secret}`).update(bookingId).digest('base64url').slice(0, 24)
}

export function signBookingCode(secret: string, bookingId: string): string {
  return `rb1.${bookingId}.${mac(secret, bookingId)}`
}

export function verifyBookingCode(secret: string, code: string): string {
  const parts = code.trim().split('.')
  if (parts.length !== 3 || parts[0] !== 'rb1') throw new AppError('QR_INVALID')
  const expected = Buffer.from(mac(secret, parts[1]))
  const given = Buffer.from(parts[2])
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new AppError('QR_INVALID')
  return parts[1]
}
