import { randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto'
import { promisify } from 'node:util'
import { createSigner, createVerifier } from 'fast-jwt'
import { AppError } from './errors'
import { newId } from './ids'

const scrypt = promisify(scryptCb) as (pw: string, salt: Buffer, len: number, opts: object) => Promise<Buffer>
const SCRYPT = { N: 16384, r: 8, p: 1 }

/** scrypt$N$r$p$salt$hash, all base64url. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16)
  const hash = await scrypt(password, salt, 32, SCRYPT)
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64url'), hash.toString('base64url')].join('$')
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, hash] = stored.split('$')
  if (kind !== 'scrypt') return false
  const expected = Buffer.from(hash, 'base64url')
  const actual = await scrypt(password, Buffer.from(salt, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  })
  return timingSafeEqual(expected, actual)
}

export interface SessionClaims {
  userId: string
  /** users.session_version when the session began; a bump ends it */
  sessionVersion: number
  /** this session's id (logout revokes it) */
  jti: string
  expiresAt: Date
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

// fast-jwt: HS256 with node:crypto, synchronous (~15 µs a check; the WebCrypto path cost ~130 µs of CPU,
// as much as the rest of a small request). One verifier per secret; expiry is compared with the app's
// clock below (the verifier's own clock would be the wall clock).
const verifiers = new Map<string, (token: string) => Record<string, unknown>>()
function verifierFor(secret: string) {
  let verify = verifiers.get(secret)
  if (!verify) {
    verify = createVerifier({ key: secret, algorithms: ['HS256'], allowedIss: 'linli', requiredClaims: ['exp', 'jti', 'sub', 'sv'], ignoreExpiration: true })
    verifiers.set(secret, verify)
  }
  return verify
}

export async function signSession(userId: string, secret: string, now: Date, days: number, sessionVersion = 0) {
  const expiresAt = new Date(now.getTime() + days * 86_400_000)
  const sign = createSigner({ key: secret, algorithm: 'HS256', iss: 'linli', sub: userId, jti: newId(), clockTimestamp: now.getTime(), expiresIn: days * 86_400_000 })
  return { token: sign({ sv: sessionVersion }), expiresAt }
}

export async function verifySession(token: string, secret: string, now: Date): Promise<SessionClaims> {
  let payload: Record<string, unknown>
  try {
    payload = verifierFor(secret)(token)
  } catch {
    throw new AppError('UNAUTHENTICATED')
  }
  const { sub, jti, sv, exp } = payload
  if (typeof sub !== 'string' || !UUID.test(sub)) throw new AppError('UNAUTHENTICATED')
  if (typeof jti !== 'string' || !UUID.test(jti)) throw new AppError('UNAUTHENTICATED')
  if (typeof sv !== 'number' || !Number.isInteger(sv)) throw new AppError('UNAUTHENTICATED')
  if (typeof exp !== 'number') throw new AppError('UNAUTHENTICATED')
  if (exp <= Math.floor(now.getTime() / 1000)) throw new AppError('TOKEN_EXPIRED')
  return { userId: sub, sessionVersion: sv, jti, expiresAt: new Date(exp * 1000) }
}
