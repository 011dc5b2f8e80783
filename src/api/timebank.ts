import Taro from '@tarojs/taro'
import type { TCertificate, TCertificateCheck, TServiceContacts, TMonthlyHoursReport, TMyTimebank, TServiceRequest, TServiceType, TVolunteerApplication } from '../../types/timebank'
import { shanghai } from '../utils/shanghai'
import { request } from './client'
import { downloadFromApi } from './download'

/**
 * 时间银行 client. Requests, check-outs, confirmations, gifts and adjustments carry an Idempotency-Key,
 * one per user action (see ./idempotency): a retried tap never counts twice, a changed one is new.
 */

type Loc = { lat: number; lng: number }
type List = { items: TServiceRequest[]; nextCursor: string | null }

export const timebankApi = {
  me: () => request<TMyTimebank>('GET', '/me/timebank'),
  mine: (role: 'mine' | 'serving') => request<List>('GET', '/me/timebank/requests', { query: { role } }),
  open: (near?: Loc) => request<List>('GET', '/timebank/requests', { query: near ? { lat: near.lat, lng: near.lng, radiusM: 5000 } : undefined }),
  request: (id: string) => request<TServiceRequest>('GET', `/timebank/requests/${id}`),
  create: (body: { elderId?: string; serviceType: TServiceType; startsAt: string; endsAt: string; estimateMinutes: number; notes: string }) =>
    request<TServiceRequest>('POST', '/timebank/requests', { body, idempotent: true }),
  accept: (id: string) => request<TServiceRequest>('POST', `/timebank/requests/${id}/accept`, { body: {} }),
  cancel: (id: string, reason: string) => request<TServiceRequest>('POST', `/timebank/requests/${id}/cancel`, { body: { reason } }),
  checkIn: (id: string, location: Loc, farReason?: string) => request<TServiceRequest>('POST', `/timebank/requests/${id}/check-in`, { body: farReason ? { location, farReason } : { location } }),
  /** 签退 here and now; far away, with a reason (staff review) or — already gone — the real end time instead. */
  checkOut: (id: string, out: { location?: Loc; farReason?: string; proposedEndAt?: string }) =>
    request<TServiceRequest>('POST', `/timebank/requests/${id}/check-out`, { body: out, idempotent: true }),
  confirm: (id: string, rating: number) => request<TServiceRequest>('POST', `/timebank/requests/${id}/confirm`, { body: { rating }, idempotent: true }),
  dispute: (id: string, reason: string) => request<TServiceRequest>('POST', `/timebank/requests/${id}/dispute`, { body: { reason } }),
  gift: (toUserId: string, minutes: number) => request<{ balanceMinutes: number; toName: string; minutes: number }>('POST', '/timebank/gifts', { body: { toUserId, minutes }, idempotent: true }),
  /** 联系对方: the accepted volunteer's tap for the requester's (or family's) number; audited on the server. */
  contact: (id: string) => request<TServiceContacts>('POST', `/timebank/requests/${id}/contact`, { body: {} }),
  certificate: () => request<TCertificate>('POST', '/me/timebank/certificates', { body: {} }),
  /** Public check of a certificate by its code (no session needed; the name comes masked). */
  verifyCertificate: (code: string) => request<TCertificateCheck>('GET', `/timebank/certificates/${encodeURIComponent(code)}`, { auth: false }),
  myApplication: () => request<{ application: TVolunteerApplication | null }>('GET', '/me/timebank/volunteer-application'),
  apply: (skills: string) => request<TVolunteerApplication>('POST', '/me/timebank/volunteer-application', { body: { pledge: true, skills } }),
}

/** 工作台 · 时间银行 (community staff). */
export const timebankStaffApi = {
  requests: (status: 'open' | 'disputed' | 'review') => request<List>('GET', '/staff/timebank/requests', { query: { status, limit: 50 } }),
  assign: (id: string, volunteerId: string) => request<TServiceRequest>('POST', `/timebank/requests/${id}/assign`, { body: { volunteerId } }),
  setPlaces: (id: string, volunteersNeeded: number) => request<TServiceRequest>('POST', `/timebank/requests/${id}/places`, { body: { volunteersNeeded } }),
  settle: (id: string, decision: 'credit' | 'reject', reason: string) => request<TServiceRequest>('POST', `/timebank/requests/${id}/settle`, { body: { decision, reason }, idempotent: true }),
  review: (id: string, decision: 'approve' | 'reject', reason: string) =>
    request<TServiceRequest>('POST', `/timebank/requests/${id}/review-check-in`, { body: reason ? { decision, reason } : { decision } }),
  volunteers: () => request<{ items: { id: string; name: string; age: number | null; communityName: string }[] }>('GET', '/staff/timebank/volunteers'),
  applications: () => request<{ items: TVolunteerApplication[] }>('GET', '/staff/timebank/volunteer-applications', { query: { status: 'pending' } }),
  verified: () => request<{ items: TVolunteerApplication[] }>('GET', '/staff/timebank/volunteer-applications', { query: { status: 'verified' } }),
  decide: (id: string, decision: 'verify' | 'reject', reason: string) =>
    request<TVolunteerApplication>('POST', `/staff/timebank/volunteer-applications/${id}/decide`, { body: reason ? { decision, reason } : { decision } }),
  monthly: (month: string) => request<TMonthlyHoursReport>('GET', '/staff/timebank/reports/monthly', { query: { month } }),
  adjust: (userId: string, minutes: number, reason: string) => request<{ balanceMinutes: number }>('POST', '/staff/timebank/adjustments', { body: { userId, minutes, reason }, idempotent: true }),
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
