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
import { request, type Page } from './client'
import { getDeviceToken, setDeviceToken } from './session'

/** Login, the account (/me), consents, the organisation, family links, notices and counter registration of elders. */

export interface SmsSendResponse {
  sent: true
  expiresInSeconds: number
  resendInSeconds: number
  demoHint?: string
}

export const api = {
  health: () => request<{ status: 'ok' }>('GET', '/health', { auth: false }),

  sendSms: (phone: string) => request<SmsSendResponse>('POST', '/auth/sms/send', { body: { phone }, auth: false }),
  verifySms: (phone: string, code: string) => request<TLoginResponse>('POST', '/auth/sms/verify', { body: { phone, code }, auth: false }),
  staffLogin: async (username: string, password: string) => {
    const device = getDeviceToken()
    const res = await request<TLoginResponse>('POST', '/auth/staff/login', {
      body: { username, password },
      auth: false,
      headers: device ? { 'X-Device-Token': device } : {},
    })
    if (res.deviceToken) setDeviceToken(res.deviceToken)
    return res
  },
  /** Ends this session on the server (退出登录); everywhere: every session of the person. */
  logout: (everywhere = false) => request<{ ok: true }>('POST', everywhere ? '/auth/logout-all' : '/auth/logout', { body: {} }),
  wechatLogin: (code: string) => request<TLoginResponse>('POST', '/auth/wechat', { body: { code }, auth: false }),

  me: () => request<TMeResponse>('GET', '/me'),
  updateMe: (patch: TUpdateMeRequest) => request<TMeResponse>('PATCH', '/me', { body: patch }),

  consentDocument: (kind: TConsentKind) => request<TPolicyDocument>('GET', `/consents/documents/${kind}`, { auth: false }),
  giveConsent: (kind: TConsentKind, version: string) => request<TMeResponse>('POST', '/me/consents', { body: { kind, version } }),
  withdrawConsent: (kind: TConsentKind) => request<TMeResponse>('DELETE', `/me/consents/${kind}`),

  communities: () => request<TCommunityList>('GET', '/org/communities', { auth: false }),
  /** Staff: the org units under their own assignments (the communities they may pick). */
  staffUnits: () => request<{ items: { id: string; kind: string; name: string; parentId: string | null }[] }>('GET', '/org/units'),

  requestFamilyLink: (req: { elderPhone?: string; bindCode?: string; relation: TFamilyRelation; scopes: TFamilyScope[] }) => request<TFamilyLink>('POST', '/family/links', { body: req }),
  confirmFamilyLink: (id: string, elderPresent?: boolean) => request<TFamilyLink>('POST', `/family/links/${id}/confirm`, { body: elderPresent ? { elderPresent: true } : {} }),
  rejectFamilyLink: (id: string) => request<TFamilyLink>('POST', `/family/links/${id}/reject`, { body: {} }),
  revokeFamilyLink: (id: string, reason?: string) => request<TFamilyLink>('POST', `/family/links/${id}/revoke`, { body: reason ? { reason } : {} }),

  notices: (cursor?: string) => request<Page<TNotice>>('GET', '/me/notices', { query: { cursor } }),
  markNoticesRead: () => request<{ ok: true }>('POST', '/me/notices/read', { body: {} }),

  staffPendingLinks: () => request<Page<TFamilyLink>>('GET', '/staff/family/links', { query: { status: 'pending' } }),
  registerElder: (req: TRegisterElderRequest) => request<TElder>('POST', '/staff/elders', { body: req }),
  searchElders: (q: string) => request<{ items: TElder[] }>('GET', '/staff/elders', { query: { q } }),
  createBindCode: (elderId: string) => request<TBindCodeResponse>('POST', `/staff/elders/${elderId}/bind-codes`, { body: {} }),
}
