import { Hono } from 'hono'
import type { AppEnv } from '../platform/http'
import { parseBody, parseId, parseQuery } from '../platform/http'
import { authenticate, requireAuth } from '../platform/session'
import {
  ZConsentKindSchema,
  ZGiveConsentRequestSchema,
  ZRegisterElderRequestSchema,
  ZSearchEldersQuerySchema,
  ZSmsSendRequestSchema,
  ZSmsVerifyRequestSchema,
  ZStaffLoginRequestSchema,
  ZUpdateMeRequestSchema,
  ZWechatLoginRequestSchema,
} from '../../types/accounts'
import { ZCursorQuerySchema } from '../../types/common'
import { AppError } from '../platform/errors'
import { limitRequest } from '../platform/rate-limit'
import { sendSmsCode } from './send-sms-code'
import { verifySmsCode } from './verify-sms-code'
import { loginStaff } from './login-staff'
import { loginWechat } from './login-wechat'
import { endSession } from './end-session'
import { endAllSessions } from './end-all-sessions'
import { clientAddress, knownClientAddress } from '../platform/client-address'
import { getMe, loadMeSession } from './get-me'
import { updateMe } from './update-me'
import { giveConsent } from './give-consent'
import { withdrawConsent } from './withdraw-consent'
import { registerElder } from './register-elder'
import { searchElders } from './search-elders'
import { recordElderConsent } from './record-elder-consent'
import { POLICY_DOCUMENTS } from './policies'
import { listNotices, markNoticesRead } from './repository/notices'
import { changePassword } from './change-password'
import { ZChangePasswordRequestSchema } from '../../types/admin'

export const accountsRoutes = new Hono<AppEnv>()
  .post('/auth/sms/send', async (c) => {
    const input = await parseBody(c, ZSmsSendRequestSchema)
    // counted before a code is made: a refused send costs nothing and texts no one
    await limitRequest(c, [
      { name: 'smsPhone', subject: input.phone },
      { name: 'smsAddress', subject: knownClientAddress(c) },
    ])
    return c.json(await sendSmsCode(c.var.deps, input, clientAddress(c)))
  })
  .post('/auth/sms/verify', async (c) => c.json(await verifySmsCode(c.var.deps, await parseBody(c, ZSmsVerifyRequestSchema), clientAddress(c))))
  .post('/auth/staff/login', async (c) => {
    const input = await parseBody(c, ZStaffLoginRequestSchema)
    const deviceToken = c.req.header('x-device-token')?.slice(0, 128) || undefined
    return c.json(await loginStaff(c.var.deps, input, { address: clientAddress(c), deviceToken }))
  })
  // the one route open to a staff member who must still change a one-time password (session.ts)
  .post('/auth/staff/password', requireAuth, async (c) => c.json(await changePassword(c.var.deps, c.var.actor, await parseBody(c, ZChangePasswordRequestSchema))))
  .post('/auth/logout', requireAuth, async (c) => {
    await endSession(c.var.deps, c.var.session)
    return c.json({ ok: true })
  })
  .post('/auth/logout-all', requireAuth, async (c) => {
    await endAllSessions(c.var.deps.db.kysely, c.var.actor.userId)
    return c.json({ ok: true })
  })
  .post('/auth/wechat', async (c) => c.json(await loginWechat(c.var.deps, await parseBody(c, ZWechatLoginRequestSchema), c.env?.wxContext)))
  .get('/consents/documents/:kind', (c) => {
    const kind = ZConsentKindSchema.safeParse(c.req.param('kind'))
    if (!kind.success) throw new AppError('NOT_FOUND')
    return c.json(POLICY_DOCUMENTS[kind.data])
  })
  // the busiest read (every page open): the session check and the view in one round trip
  .get('/me', async (c) => {
    const { me } = await authenticate(c, loadMeSession)
    return c.json(await getMe(c.var.deps, c.var.actor, me))
  })
  .patch('/me', requireAuth, async (c) => c.json(await updateMe(c.var.deps, c.var.actor, await parseBody(c, ZUpdateMeRequestSchema))))
  .post('/me/consents', requireAuth, async (c) => {
    await giveConsent(c.var.deps, c.var.actor, await parseBody(c, ZGiveConsentRequestSchema))
    return c.json(await getMe(c.var.deps, c.var.actor))
  })
  .delete('/me/consents/:kind', requireAuth, async (c) => {
    const kind = ZConsentKindSchema.safeParse(c.req.param('kind'))
    if (!kind.success) throw new AppError('NOT_FOUND')
    await withdrawConsent(c.var.deps, c.var.actor, kind.data)
    return c.json(await getMe(c.var.deps, c.var.actor))
  })
  .get('/me/notices', requireAuth, async (c) => {
    const q = parseQuery(c, ZCursorQuerySchema)
    return c.json(await listNotices(c.var.deps.db.kysely, c.var.actor.userId, q.limit, q.cursor))
  })
  .post('/me/notices/read', requireAuth, async (c) => {
    await markNoticesRead(c.var.deps.db.kysely, c.var.actor.userId, c.var.deps.clock.now())
    return c.json({ ok: true })
  })
  .post('/staff/elders', requireAuth, async (c) => c.json(await registerElder(c.var.deps, c.var.actor, await parseBody(c, ZRegisterElderRequestSchema)), 201))
  .get('/staff/elders', requireAuth, async (c) => c.json(await searchElders(c.var.deps, c.var.actor, parseQuery(c, ZSearchEldersQuerySchema).q)))
  .post('/staff/elders/:id/consents', requireAuth, async (c) => {
    const id = parseId(c, 'id', 'USER_NOT_FOUND')
    await recordElderConsent(c.var.deps, c.var.actor, id, await parseBody(c, ZGiveConsentRequestSchema))
    return c.json({ ok: true })
  })
