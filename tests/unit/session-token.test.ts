import { SignJWT, UnsecuredJWT } from 'jose'
import { signSession, verifySession } from '../../cloud/platform/auth'

// Session tokens are checked with fast-jwt (HS256 only, issuer linli, exp/jti/sub/sv required, expiry on
// the app's clock). Forgeries are made with another library (jose) so the check is not tested against itself.
const SECRET = 'a-secret-of-the-street-office-32b'
const USER = '0193a000-0000-7000-8000-0000000000aa'
const JTI = '0193a000-0000-7000-8000-0000000000bb'
const now = new Date('2026-12-01T02:00:00Z')
const key = new TextEncoder().encode(SECRET)
const forge = (claims: Record<string, unknown>, alg = 'HS256', issuer = 'linli', secret = key) =>
  new SignJWT(claims).setProtectedHeader({ alg }).setSubject(USER).setJti(JTI).setIssuedAt().setIssuer(issuer).setExpirationTime('2h').sign(secret)
const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'accepted',
    (e: { code?: string }) => e.code,
  )

describe('session tokens', () => {
  it('a token it signed is accepted with its claims, and expires on the app clock', async () => {
    const { token, expiresAt } = await signSession(USER, SECRET, now, 30, 3)
    await expect(verifySession(token, SECRET, now)).resolves.toMatchObject({ userId: USER, sessionVersion: 3 })
    expect(Math.abs(expiresAt.getTime() - (now.getTime() + 30 * 86_400_000))).toBeLessThan(1000)
    expect(await codeOf(verifySession(token, SECRET, new Date(now.getTime() + 31 * 86_400_000)))).toBe('TOKEN_EXPIRED')
    expect(await codeOf(verifySession(token, 'another-secret-of-32-characters!!', now))).toBe('UNAUTHENTICATED')
  })

  it('refuses forgeries: another algorithm, no signature, another issuer, a changed payload, missing claims', async () => {
    const realNow = new Date()
    expect(await codeOf(verifySession(await forge({ sv: 0 }), SECRET, realNow))).toBe('accepted')
    expect(await codeOf(verifySession(await forge({ sv: 0 }, 'HS512'), SECRET, realNow))).toBe('UNAUTHENTICATED')
    expect(await codeOf(verifySession(new UnsecuredJWT({ sv: 0, sub: USER, jti: JTI, iss: 'linli' }).setExpirationTime('2h').encode(), SECRET, realNow))).toBe('UNAUTHENTICATED')
    expect(await codeOf(verifySession(await forge({ sv: 0 }, 'HS256', 'someone-else'), SECRET, realNow))).toBe('UNAUTHENTICATED')
    expect(await codeOf(verifySession(await forge({}), SECRET, realNow))).toBe('UNAUTHENTICATED')
    const [h, , sig] = (await forge({ sv: 0 })).split('.')
    const changed = Buffer.from(JSON.stringify({ sv: 0, sub: USER, jti: JTI, iss: 'linli', exp: 4_102_444_800 })).toString('base64url')
    expect(await codeOf(verifySession(`${h}.${changed}.${sig}`, SECRET, realNow))).toBe('UNAUTHENTICATED')
  })
})
