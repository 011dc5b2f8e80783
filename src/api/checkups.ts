import Taro from '@tarojs/taro'
import type {
  TBooking,
  TBookingDetail,
  TCampaign,
  TCreateCampaignRequest,
  TCreateSessionsRequest,
  THomeVisit,
  THomeVisitor,
  TMyCheckups,
  TRosterEntry,
  TSession,
  TUpdateSessionRequest,
  TWaitlistEntry,
} from '../../types/checkups'
import { getToken } from './session'
import { onSessionError } from './client'
import { downloadFromApi } from './download'
import { send, type Method } from './transport'
import { newIdempotencyKey, sendIdempotent } from './idempotency'

/**
 * 体检预约 client. Bookings, reschedules, cancellations and offers carry an Idempotency-Key, one per
 * user action (./idempotency), so a double tap or a retry never books twice. A caller may pass its own
 * key (the counter page keeps one per form); otherwise the shared helper derives it.
 */
function call<T>(method: Method, path: string, body?: unknown, key?: string | true): Promise<T> {
  const headers: Record<string, string> = {}
  const token = getToken()
  if (token) headers.Authorization = `Bearer ${token}`
  if (key === true) return sendIdempotent<T>({ method, path, body, headers })
  if (key) headers['Idempotency-Key'] = key
  return send<T>({ method, path, body, headers }).catch((e: unknown) => {
    onSessionError(e, token)
    throw e
  })
}

/** A fresh key, for a page that keeps one per form itself. */
export const newActionKey = newIdempotencyKey

export const checkupsApi = {
  mine: () => call<TMyCheckups>('GET', '/me/checkups'),
  campaigns: () => call<{ items: TCampaign[] }>('GET', '/checkups/campaigns'),
  sessions: (campaignId: string) => call<{ items: TSession[] }>('GET', `/checkups/campaigns/${campaignId}/sessions`),
  book: (elderId: string, sessionId: string) => call<TBooking>('POST', '/checkups/bookings', { elderId, sessionId }, true),
  booking: (id: string) => call<TBookingDetail>('GET', `/checkups/bookings/${id}`),
  reschedule: (id: string, sessionId: string) => call<TBooking>('POST', `/checkups/bookings/${id}/reschedule`, { sessionId }, true),
  cancel: (id: string) => call<TBooking>('POST', `/checkups/bookings/${id}/cancel`, {}, true),
  joinWaitlist: (elderId: string, sessionId: string) => call<TWaitlistEntry>('POST', '/checkups/waitlist', { elderId, sessionId }),
  acceptOffer: (id: string) => call<TBooking>('POST', `/checkups/waitlist/${id}/accept`, {}, true),
  /** By what the QR reads or the 8-character code under it. */
  checkIn: (code: string) => call<TBooking>('POST', '/checkups/check-ins', { code }),
  /** By the elder's 18-digit ID-card number. */
  checkInById: (idNumber: string) => call<TBooking>('POST', '/checkups/check-ins', { idNumber }),
}

/**
 * 签到凭证 (PNG: QR, 8-character code, masked name, time, place, fasting note): saved on H5 (to send
 * to the elder's carer or print), previewed in the mini-program (long-press to save or forward).
 */
export function downloadBookingPass(bookingId: string, shortCode: string): Promise<void> {
  return downloadFromApi(`/api/v1/checkups/bookings/${bookingId}/pass.png`, `体检签到凭证-${shortCode}.png`, {
    open: (filePath) => Taro.previewImage({ urls: [filePath], current: filePath }),
    failText: '凭证图片下载失败，请稍后再试',
  })
}

/** Staff side (health centre, community office): campaigns, sessions, roster, counter booking. */
export const checkupsStaffApi = {
  createCampaign: (req: Partial<TCreateCampaignRequest> & Pick<TCreateCampaignRequest, 'communityId' | 'year' | 'title' | 'releaseAt'>) =>
    call<TCampaign>('POST', '/staff/checkups/campaigns', req),
  createSessions: (campaignId: string, req: Omit<TCreateSessionsRequest, 'weekdaysOnly'> & { weekdaysOnly?: boolean }) =>
    call<{ created: number; items: TSession[] }>('POST', `/staff/checkups/campaigns/${campaignId}/sessions`, req),
  updateSession: (sessionId: string, req: TUpdateSessionRequest) => call<TSession>('PATCH', `/staff/checkups/sessions/${sessionId}`, req),
  roster: (campaignId: string, date?: string) =>
    call<{ date: string; items: TRosterEntry[] }>('GET', `/staff/checkups/campaigns/${campaignId}/roster${date ? `?date=${date}` : ''}`),
  noShows: (campaignId: string) => call<{ items: TRosterEntry[] }>('GET', `/staff/checkups/campaigns/${campaignId}/no-shows`),
  waitlist: (campaignId: string) => call<{ items: TWaitlistEntry[] }>('GET', `/staff/checkups/campaigns/${campaignId}/waitlist`),
  checkInBooking: (bookingId: string) => call<TBooking>('POST', `/checkups/bookings/${bookingId}/check-in`, {}),
  markDone: (bookingId: string) => call<TBooking>('POST', `/checkups/bookings/${bookingId}/done`, {}),
  /** 窗口/电话: staff book for an elder of their community (places held back for the counter included). */
  bookFor: (elderId: string, sessionId: string, channel: 'counter' | 'phone', key: string, overrideReason?: string) =>
    call<TBooking>('POST', '/checkups/bookings', { elderId, sessionId, channel, ...(overrideReason ? { overrideReason } : {}) }, key),
  /** What the elder already has (the counter shows it before offering days). */
  elderBookings: (elderId: string) => call<{ items: TBooking[] }>('GET', `/staff/checkups/elders/${elderId}/bookings`),
  homeVisits: (campaignId: string) => call<{ items: THomeVisit[] }>('GET', `/staff/checkups/campaigns/${campaignId}/home-visits`),
  homeVisitors: (campaignId: string) => call<{ items: THomeVisitor[] }>('GET', `/staff/checkups/campaigns/${campaignId}/visitors`),
  scheduleHomeVisit: (id: string, staffId: string, startsAt: string, endsAt: string) =>
    call<THomeVisit>('POST', `/checkups/home-visits/${id}/schedule`, { staffId, startsAt, endsAt }),
  /** Consent given in person at the counter, recorded by staff (the elder has no phone or app). */
  recordElderConsent: (elderId: string, kind: 'health', version: string) => call<{ ok: true }>('POST', `/staff/elders/${elderId}/consents`, { kind, version }),
  /** Where the roster workbook is served (the caller adds the Authorization header). */
  rosterXlsxPath: (campaignId: string) => `/api/v1/staff/checkups/campaigns/${campaignId}/roster.xlsx`,
}

/**
 * 名单下载: H5 fetches the workbook with the session and saves it through a link; the mini-program
 * downloads it and opens it in WeChat's document viewer (from where it can be forwarded or printed).
 */
export async function downloadRosterXlsx(campaignId: string, fileName: string): Promise<void> {
  await downloadFromApi(checkupsStaffApi.rosterXlsxPath(campaignId), fileName, { failText: '名单下载失败，请稍后再试' })
}
