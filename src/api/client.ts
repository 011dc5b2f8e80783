import Taro from '@tarojs/taro'
import type {
  TBindCodeResponse,
  TCommunityList,
  TConsentKind,
  TElder,
  TFamilyLink,
  TFamilyRelation,
  TFamilyScope,
  TLoginResponse,
  TMeResponse,
  TNotice,
  TPolicyDocument,
  TRegisterElderRequest,
  TUpdateMeRequest,
} from '../../types'
import { ApiError } from './errors'
import { forgetSession, getDeviceToken, getToken, setDeviceToken } from './session'
import { send, type Method } from './transport'

export interface Page<T> {
  items: T[]
  nextCursor: string | null
}

let redirectingToLogin = false

export function goLogin(): void {
  if (redirectingToLogin) return
  redirectingToLogin = true
  const pages = Taro.getCurrentPages()
  const here = pages[pages.length - 1]?.route ?? ''
  if (!here.includes('pages/login/index')) {
    void Taro.navigateTo({ url: '/pages/login/index' }).finally(() => {
      redirectingToLogin = false
    })
  } else {
    redirectingToLogin = false
  }
}

/** A 401 on a call that carried a session: it has ended (expired, logged out elsewhere) — forget it, go to login. */
export function onSessionError(e: unknown, token: string): void {
  // a wrong current password (BAD_CREDENTIALS) is a 401 too, but the session is fine
  if (e instanceof ApiError && e.status === 401 && e.code !== 'BAD_CREDENTIALS' && forgetSession(token)) goLogin()
}

async function call<T>(
  method: Method,
  path: string,
  opts: { body?: unknown; query?: Record<string, string | number | undefined>; auth?: boolean; headers?: Record<string, string> } = {},
): Promise<T> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) }
  const token = getToken()
  if (opts.auth !== false && token) headers.Authorization = `Bearer ${token}`
  try {
    return await send<T>({ method, path, query: opts.query, body: opts.body, headers })
  } catch (e) {
    // An expired or unknown session on an authenticated call: forget it and ask to log in again.
    if (opts.auth !== false) onSessionError(e, token)
    throw e
  }
}

export interface SmsSendResponse {
  sent: true
  expiresInSeconds: number
  resendInSeconds: number
  demoHint?: string
}

export const api = {
  health: () => call<{ status: 'ok' }>('GET', '/health', { auth: false }),

  sendSms: (phone: string) => call<SmsSendResponse>('POST', '/auth/sms/send', { body: { phone }, auth: false }),
  verifySms: (phone: string, code: string) =>
    call<TLoginResponse>('POST', '/auth/sms/verify', { body: { phone, code }, auth: false }),
  staffLogin: async (username: string, password: string) => {
    const device = getDeviceToken()
    const res = await call<TLoginResponse>('POST', '/auth/staff/login', {
      body: { username, password },
      auth: false,
      headers: device ? { 'X-Device-Token': device } : {},
    })
    if (res.deviceToken) setDeviceToken(res.deviceToken)
    return res
  },
  /** Ends this session on the server (退出登录); everywhere: every session of the person. */
  logout: (everywhere = false) => call<{ ok: true }>('POST', everywhere ? '/auth/logout-all' : '/auth/logout', { body: {} }),
  wechatLogin: (code: string) => call<TLoginResponse>('POST', '/auth/wechat', { body: { code }, auth: false }),

  me: () => call<TMeResponse>('GET', '/me'),
  updateMe: (patch: TUpdateMeRequest) => call<TMeResponse>('PATCH', '/me', { body: patch }),

  consentDocument: (kind: TConsentKind) =>
    call<TPolicyDocument>('GET', `/consents/documents/${kind}`, { auth: false }),
  giveConsent: (kind: TConsentKind, version: string) =>
    call<TMeResponse>('POST', '/me/consents', { body: { kind, version } }),
  withdrawConsent: (kind: TConsentKind) => call<TMeResponse>('DELETE', `/me/consents/${kind}`),

  communities: () => call<TCommunityList>('GET', '/org/communities', { auth: false }),
  /** Staff: the org units under their own assignments (the communities they may pick). */
  staffUnits: () => call<{ items: { id: string; kind: string; name: string; parentId: string | null }[] }>('GET', '/org/units'),

  requestFamilyLink: (req: {
    elderPhone?: string
    bindCode?: string
    relation: TFamilyRelation
    scopes: TFamilyScope[]
  }) => call<TFamilyLink>('POST', '/family/links', { body: req }),
  confirmFamilyLink: (id: string, elderPresent?: boolean) =>
    call<TFamilyLink>('POST', `/family/links/${id}/confirm`, { body: elderPresent ? { elderPresent: true } : {} }),
  rejectFamilyLink: (id: string) => call<TFamilyLink>('POST', `/family/links/${id}/reject`, { body: {} }),
  revokeFamilyLink: (id: string, reason?: string) =>
    call<TFamilyLink>('POST', `/family/links/${id}/revoke`, { body: reason ? { reason } : {} }),

  notices: (cursor?: string) => call<Page<TNotice>>('GET', '/me/notices', { query: { cursor } }),
  markNoticesRead: () => call<{ ok: true }>('POST', '/me/notices/read', { body: {} }),

  staffPendingLinks: () =>
    call<Page<TFamilyLink>>('GET', '/staff/family/links', { query: { status: 'pending' } }),
  registerElder: (req: TRegisterElderRequest) => call<TElder>('POST', '/staff/elders', { body: req }),
  searchElders: (q: string) => call<{ items: TElder[] }>('GET', '/staff/elders', { query: { q } }),
  createBindCode: (elderId: string) => call<TBindCodeResponse>('POST', `/staff/elders/${elderId}/bind-codes`, { body: {} }),
}

export { ApiError }
