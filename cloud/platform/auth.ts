import { randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto'
import { promisify } from 'node:util'
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose'
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

// HS256 keys imported once per secret: importing on every request cost ~0.3 ms of CPU
const keys = new Map<string, Promise<CryptoKey>>()
function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret)
  if (!key) {
    key = crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify'])
    keys.set(secret, key)
  }
  return key
}

export async function signSession(userId: string, secret: string, now: Date, days: number, sessionVersion = 0) {
  const expiresAt = new Date(now.getTime() + days * 86_400_000)
  const token = await new SignJWT({ sv: sessionVersion })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(userId)
    .setJti(newId())
    .setIssuedAt(Math.floor(now.getTime() / 1000))
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .setIssuer('linli')
    .sign(await hmacKey(secret))
  return { token, expiresAt }
}

// Tokens whose signature and claims were checked, the most recent first out (a bounded map): jose's
// verify costs ~0.13 ms of CPU, as much as the rest of a small request. Only that check is remembered:
// expiry is compared with `now` on every use, and everything a session can lose (logout, a new session
// version, a disable) is still read from the database on every request.
const verified = new Map<string, { secret: string; claims: SessionClaims }>()
const VERIFIED_MAX = 10_000

export async function verifySession(token: string, secret: string, now: Date): Promise<SessionClaims> {
  const known = verified.get(token)
  if (known && known.secret === secret) {
    if (known.claims.expiresAt.getTime() <= Math.floor(now.getTime() / 1000) * 1000) throw new AppError('TOKEN_EXPIRED')
    return known.claims
  }
  const claims = await checkToken(token, secret, now)
  if (verified.size >= VERIFIED_MAX) verified.delete(verified.keys().next().value!)
  verified.set(token, { secret, claims })
  return claims
}

async function checkToken(token: string, secret: string, now: Date): Promise<SessionClaims> {
  try {
    const { payload } = await jwtVerify(token, await hmacKey(secret), {
      issuer: 'linli',
      algorithms: ['HS256'],
      currentDate: now,
      // a token without an expiry would be a session nobody can end by waiting
      requiredClaims: ['exp', 'jti', 'sub'],
    })
    if (typeof payload.sub !== 'string' || !UUID.test(payload.sub)) throw new AppError('UNAUTHENTICATED')
    if (typeof payload.jti !== 'string' || !UUID.test(payload.jti)) throw new AppError('UNAUTHENTICATED')
    if (typeof payload.sv !== 'number' || !Number.isInteger(payload.sv)) throw new AppError('UNAUTHENTICATED')
    return { userId: payload.sub, sessionVersion: payload.sv, jti: payload.jti, expiresAt: new Date(payload.exp! * 1000) }
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) throw new AppError('TOKEN_EXPIRED')
    if (error instanceof AppError) throw error
    throw new AppError('UNAUTHENTICATED')
  }
}
