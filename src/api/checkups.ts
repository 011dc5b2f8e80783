import type { TBooking, TBookingDetail, TCampaign, TMyCheckups, TSession, TWaitlistEntry } from '../../types/checkups'
import { getToken } from './session'
import { send, type Method } from './transport'

/** 体检预约 client. Writes carry an Idempotency-Key so a double tap or a retry never books twice. */
function call<T>(method: Method, path: string, body?: unknown, key?: string): Promise<T> {
  const headers: Record<string, string> = {}
  const token = getToken()
  if (token) headers.Authorization = `Bearer ${token}`
  if (key) headers['Idempotency-Key'] = key
  return send<T>({ method, path, body, headers })
}

/** One key per user action (the same action retried reuses it). */
export function newActionKey(): string {
  return `ck-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`
}

export const checkupsApi = {
  mine: () => call<TMyCheckups>('GET', '/me/checkups'),
  campaigns: () => call<{ items: TCampaign[] }>('GET', '/checkups/campaigns'),
  sessions: (campaignId: string) => call<{ items: TSession[] }>('GET', `/checkups/campaigns/${campaignId}/sessions`),
  book: (elderId: string, sessionId: string, key: string) => call<TBooking>('POST', '/checkups/bookings', { elderId, sessionId }, key),
  booking: (id: string) => call<TBookingDetail>('GET', `/checkups/bookings/${id}`),
  reschedule: (id: string, sessionId: string, key: string) => call<TBooking>('POST', `/checkups/bookings/${id}/reschedule`, { sessionId }, key),
  cancel: (id: string, key: string) => call<TBooking>('POST', `/checkups/bookings/${id}/cancel`, {}, key),
  joinWaitlist: (elderId: string, sessionId: string) => call<TWaitlistEntry>('POST', '/checkups/waitlist', { elderId, sessionId }),
  acceptOffer: (id: string, key: string) => call<TBooking>('POST', `/checkups/waitlist/${id}/accept`, {}, key),
  checkIn: (code: string) => call<TBooking>('POST', '/checkups/check-ins', { code }),
}
