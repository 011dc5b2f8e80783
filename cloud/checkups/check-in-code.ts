import { createHash } from 'node:crypto'

/**
 * The short check-in code printed under every booking QR ("K7P2-9QXM"): 8 characters from an
 * alphabet without 0/O, 1/I, so it can be read aloud over the phone and typed at the site.
 *
 * It is derived, not stored: the first 40 bits of SHA-256 of the booking's long random QR code,
 * written in base 32. The database finds it by the same expression (see findBookingsByShortCode),
 * so no column or migration is needed; 40 bits make a clash between two live bookings practically
 * impossible (≈ n² / 2⁴¹), and a clash would be answered by the caller's scope and today's date.
 */
export const SHORT_CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ'

/** The 10 hex digits (40 bits) the short code stands for. */
export function shortCodeHex(checkInCode: string): string {
  return createHash('sha256').update(checkInCode, 'utf8').digest('hex').slice(0, 10)
}

/** "K7P2-9QXM" for a booking's long check-in code. */
export function shortCodeOf(checkInCode: string): string {
  let bits = BigInt(`0x${shortCodeHex(checkInCode)}`)
  let out = ''
  for (let i = 0; i < 8; i++) {
    out = SHORT_CODE_ALPHABET[Number(bits & 31n)] + out
    bits >>= 5n
  }
  return `${out.slice(0, 4)}-${out.slice(4)}`
}

/**
 * A typed short code back to its 10 hex digits, or null when it cannot be one (wrong length or a
 * character outside the alphabet). Case, spaces and dashes are ignored; O and I read as 0 and 1 are
 * not in the alphabet, so they are refused rather than guessed.
 */
export function hexOfShortCode(typed: string): string | null {
  const s = typed.toUpperCase().replace(/[\s-]/g, '')
  if (s.length !== 8) return null
  let bits = 0n
  for (const ch of s) {
    const v = SHORT_CODE_ALPHABET.indexOf(ch)
    if (v < 0) return null
    bits = (bits << 5n) | BigInt(v)
  }
  return bits.toString(16).padStart(10, '0')
}
