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
import { request } from './client'
import { downloadFromApi } from './download'
import { newIdempotencyKey } from './idempotency'

/**
 * 体检预约 client. Bookings, reschedules, cancellations and offers carry an Idempotency-Key, one per
 * user action (./idempotency), so a double tap or a retry never books twice. The counter page keeps
 * its own key per form (`newActionKey`).
 */

/** A fresh key, for a page that keeps one per form itself. */
export const newActionKey = newIdempotencyKey

export const checkupsApi = {
  mine: () => request<TMyCheckups>('GET', '/me/checkups'),
  campaigns: () => request<{ items: TCampaign[] }>('GET', '/checkups/campaigns'),
  sessions: (campaignId: string) => request<{ items: TSession[] }>('GET', `/checkups/campaigns/${campaignId}/sessions`),
  book: (elderId: string, sessionId: string) => request<TBooking>('POST', '/checkups/bookings', { body: { elderId, sessionId }, idempotent: true }),
  booking: (id: string) => request<TBookingDetail>('GET', `/checkups/bookings/${id}`),
  reschedule: (id: string, sessionId: string) => request<TBooking>('POST', `/checkups/bookings/${id}/reschedule`, { body: { sessionId }, idempotent: true }),
  cancel: (id: string) => request<TBooking>('POST', `/checkups/bookings/${id}/cancel`, { body: {}, idempotent: true }),
  joinWaitlist: (elderId: string, sessionId: string) => request<TWaitlistEntry>('POST', '/checkups/waitlist', { body: { elderId, sessionId } }),
  acceptOffer: (id: string) => request<TBooking>('POST', `/checkups/waitlist/${id}/accept`, { body: {}, idempotent: true }),
  /** By what the QR reads or the 8-character code under it. */
  checkIn: (code: string) => request<TBooking>('POST', '/checkups/check-ins', { body: { code } }),
  /** By the elder's 18-digit ID-card number. */
  checkInById: (idNumber: string) => request<TBooking>('POST', '/checkups/check-ins', { body: { idNumber } }),
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
    request<TCampaign>('POST', '/staff/checkups/campaigns', { body: req }),
  createSessions: (campaignId: string, req: Omit<TCreateSessionsRequest, 'weekdaysOnly'> & { weekdaysOnly?: boolean }) =>
    request<{ created: number; items: TSession[] }>('POST', `/staff/checkups/campaigns/${campaignId}/sessions`, { body: req }),
  updateSession: (sessionId: string, req: TUpdateSessionRequest) => request<TSession>('PATCH', `/staff/checkups/sessions/${sessionId}`, { body: req }),
  roster: (campaignId: string, date?: string) => request<{ date: string; items: TRosterEntry[] }>('GET', `/staff/checkups/campaigns/${campaignId}/roster`, { query: { date } }),
  noShows: (campaignId: string) => request<{ items: TRosterEntry[] }>('GET', `/staff/checkups/campaigns/${campaignId}/no-shows`),
  waitlist: (campaignId: string) => request<{ items: TWaitlistEntry[] }>('GET', `/staff/checkups/campaigns/${campaignId}/waitlist`),
  checkInBooking: (bookingId: string) => request<TBooking>('POST', `/checkups/bookings/${bookingId}/check-in`, { body: {} }),
  markDone: (bookingId: string) => request<TBooking>('POST', `/checkups/bookings/${bookingId}/done`, { body: {} }),
  /** 窗口/电话: staff book for an elder of their community (places held back for the counter included). */
  bookFor: (elderId: string, sessionId: string, channel: 'counter' | 'phone', key: string, overrideReason?: string) =>
    request<TBooking>('POST', '/checkups/bookings', { body: { elderId, sessionId, channel, ...(overrideReason ? { overrideReason } : {}) }, idempotencyKey: key }),
  /** What the elder already has (the counter shows it before offering days). */
  elderBookings: (elderId: string) => request<{ items: TBooking[] }>('GET', `/staff/checkups/elders/${elderId}/bookings`),
  homeVisits: (campaignId: string) => request<{ items: THomeVisit[] }>('GET', `/staff/checkups/campaigns/${campaignId}/home-visits`),
  homeVisitors: (campaignId: string) => request<{ items: THomeVisitor[] }>('GET', `/staff/checkups/campaigns/${campaignId}/visitors`),
  scheduleHomeVisit: (id: string, staffId: string, startsAt: string, endsAt: string) => request<THomeVisit>('POST', `/checkups/home-visits/${id}/schedule`, { body: { staffId, startsAt, endsAt } }),
  /** Consent given in person at the counter, recorded by staff (the elder has no phone or app). */
  recordElderConsent: (elderId: string, kind: 'health', version: string) => request<{ ok: true }>('POST', `/staff/elders/${elderId}/consents`, { body: { kind, version } }),
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
