import Taro from '@tarojs/taro'
import type { TCertificate, TCertificateCheck, TServiceContacts, TMonthlyHoursReport, TMyTimebank, TServiceRequest, TServiceType, TVolunteerApplication } from '../../types/timebank'
import { getToken } from './session'
import { onSessionError } from './client'
import { shanghai } from '../utils/shanghai'
import { downloadFromApi } from './download'
import { send, type Method } from './transport'
import { sendIdempotent } from './idempotency'

/**
 * 时间银行 client. Requests, check-outs, confirmations, gifts and adjustments carry an Idempotency-Key,
 * one per user action (see ./idempotency): a retried tap never counts twice, a changed one is new.
 */
function call<T>(method: Method, path: string, body?: unknown, idempotent = false): Promise<T> {
  const headers: Record<string, string> = {}
  const token = getToken()
  if (token) headers.Authorization = `Bearer ${token}`
  const sent = idempotent ? sendIdempotent<T>({ method, path, body, headers }) : send<T>({ method, path, body, headers })
  return sent.catch((e: unknown) => {
    onSessionError(e, token)
    throw e
  })
}

type Loc = { lat: number; lng: number }
type List = { items: TServiceRequest[]; nextCursor: string | null }

export const timebankApi = {
  me: () => call<TMyTimebank>('GET', '/me/timebank'),
  mine: (role: 'mine' | 'serving') => call<List>('GET', `/me/timebank/requests?role=${role}`),
  open: (near?: Loc) => call<List>('GET', near ? `/timebank/requests?lat=${near.lat}&lng=${near.lng}&radiusM=5000` : '/timebank/requests'),
  request: (id: string) => call<TServiceRequest>('GET', `/timebank/requests/${id}`),
  create: (body: { elderId?: string; serviceType: TServiceType; startsAt: string; endsAt: string; estimateMinutes: number; notes: string }) =>
    call<TServiceRequest>('POST', '/timebank/requests', body, true),
  accept: (id: string) => call<TServiceRequest>('POST', `/timebank/requests/${id}/accept`, {}),
  cancel: (id: string, reason: string) => call<TServiceRequest>('POST', `/timebank/requests/${id}/cancel`, { reason }),
  checkIn: (id: string, location: Loc, farReason?: string) => call<TServiceRequest>('POST', `/timebank/requests/${id}/check-in`, farReason ? { location, farReason } : { location }),
  /** 签退 here and now; far away, with a reason (staff review) or — already gone — the real end time instead. */
  checkOut: (id: string, out: { location?: Loc; farReason?: string; proposedEndAt?: string }) =>
    call<TServiceRequest>('POST', `/timebank/requests/${id}/check-out`, out, true),
  confirm: (id: string, rating: number) => call<TServiceRequest>('POST', `/timebank/requests/${id}/confirm`, { rating }, true),
  dispute: (id: string, reason: string) => call<TServiceRequest>('POST', `/timebank/requests/${id}/dispute`, { reason }),
  gift: (toUserId: string, minutes: number) => call<{ balanceMinutes: number; toName: string; minutes: number }>('POST', '/timebank/gifts', { toUserId, minutes }, true),
  /** 联系对方: the accepted volunteer's tap for the requester's (or family's) number; audited on the server. */
  contact: (id: string) => call<TServiceContacts>('POST', `/timebank/requests/${id}/contact`, {}),
  certificate: () => call<TCertificate>('POST', '/me/timebank/certificates', {}),
  /** Public check of a certificate by its code (no session needed; the name comes masked). */
  verifyCertificate: (code: string) => send<TCertificateCheck>({ method: 'GET', path: `/timebank/certificates/${encodeURIComponent(code)}`, headers: {} }),
  myApplication: () => call<{ application: TVolunteerApplication | null }>('GET', '/me/timebank/volunteer-application'),
  apply: (skills: string) => call<TVolunteerApplication>('POST', '/me/timebank/volunteer-application', { pledge: true, skills }),
}

/** 工作台 · 时间银行 (community staff). */
export const timebankStaffApi = {
  requests: (status: 'open' | 'disputed' | 'review') => call<List>('GET', `/staff/timebank/requests?status=${status}&limit=50`),
  assign: (id: string, volunteerId: string) => call<TServiceRequest>('POST', `/timebank/requests/${id}/assign`, { volunteerId }),
  setPlaces: (id: string, volunteersNeeded: number) => call<TServiceRequest>('POST', `/timebank/requests/${id}/places`, { volunteersNeeded }),
  settle: (id: string, decision: 'credit' | 'reject', reason: string) => call<TServiceRequest>('POST', `/timebank/requests/${id}/settle`, { decision, reason }, true),
  review: (id: string, decision: 'approve' | 'reject', reason: string) =>
    call<TServiceRequest>('POST', `/timebank/requests/${id}/review-check-in`, reason ? { decision, reason } : { decision }),
  volunteers: () => call<{ items: { id: string; name: string; age: number | null; communityName: string }[] }>('GET', '/staff/timebank/volunteers'),
  applications: () => call<{ items: TVolunteerApplication[] }>('GET', '/staff/timebank/volunteer-applications?status=pending'),
  verified: () => call<{ items: TVolunteerApplication[] }>('GET', '/staff/timebank/volunteer-applications?status=verified'),
  decide: (id: string, decision: 'verify' | 'reject', reason: string) =>
    call<TVolunteerApplication>('POST', `/staff/timebank/volunteer-applications/${id}/decide`, reason ? { decision, reason } : { decision }),
  monthly: (month: string) => call<TMonthlyHoursReport>('GET', `/staff/timebank/reports/monthly?month=${encodeURIComponent(month)}`),
  adjust: (userId: string, minutes: number, reason: string) => call<{ balanceMinutes: number }>('POST', '/staff/timebank/adjustments', { userId, minutes, reason }, true),
}

export { apiUrl } from './download'

/** 月度时长报表 (xlsx). */
export function downloadMonthlyHoursXlsx(month: string): Promise<void> {
  return downloadFromApi(`/api/v1/staff/timebank/reports/monthly.xlsx?month=${encodeURIComponent(month)}`, `${month}-志愿服务时长.xlsx`)
}

/** 志愿服务时长证明 (PNG): saved on H5, previewed (long-press to save) in the mini-program. */
export function downloadCertificateImage(cert: TCertificate): Promise<void> {
  const path = cert.imagePath ?? `/api/v1/timebank/certificates/${cert.code}/image.png`
  return downloadFromApi(path, `志愿服务时长证明-${cert.code}.png`, { open: (filePath) => Taro.previewImage({ urls: [filePath], current: filePath }), auth: false })
}

/** 90 → 「1 小时 30 分钟」 */
export function minutesLabel(m: number): string {
  const h = Math.floor(m / 60)
  const r = m % 60
  return h && r ? `${h} 小时 ${r} 分钟` : h ? `${h} 小时` : `${r} 分钟`
}

export function whenLabel(iso: string): string {
  const d = shanghai(iso)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`
}
