import type { TAway, TCareAlert, TCareEvent, TCareOutcome, TEnrolment, TFamilyCare } from '../../types/care'
import { request } from './client'

export type TCareAlertFull = TCareAlert & { events: TCareEvent[] }

/** 独居老人关爱: staff alerts and enrolments, the family's view. */
export const careApi = {
  alerts: (status: 'open' | 'closed' | 'all' = 'open') => request<{ items: TCareAlert[] }>('GET', '/staff/care/alerts', { query: { status } }),
  alert: (id: string) => request<TCareAlertFull>('GET', `/staff/care/alerts/${id}`),
  acknowledge: (id: string) => request<TCareAlertFull>('POST', `/staff/care/alerts/${id}/acknowledge`, { body: {} }),
  checkIn: (id: string, at: { lat: number; lng: number; accuracy?: number }) => request<TCareAlertFull>('POST', `/staff/care/alerts/${id}/check-in`, { body: at }),
  close: (id: string, outcome: TCareOutcome, note: string) => request<TCareAlertFull>('POST', `/staff/care/alerts/${id}/close`, { body: { outcome, note } }),
  enrolments: () => request<{ items: TEnrolment[] }>('GET', '/staff/care/enrolments'),
  enrol: (body: { elderId: string; meterId: string; consent: { by: 'elder' | 'counter' }; gridId?: string; quietStart?: number; quietEnd?: number }) =>
    request<TEnrolment>('POST', '/staff/care/enrolments', { body }),
  withdraw: (id: string) => request<TEnrolment>('POST', `/staff/care/enrolments/${id}/withdraw`, { body: {} }),
  family: (elderId: string) => request<TFamilyCare>('GET', `/care/elders/${elderId}`),
  setAway: (elderId: string, away: Omit<TAway, 'reason'> & { reason?: string }) => request<{ id: string }>('POST', `/care/elders/${elderId}/away`, { body: away }),
  endAway: (elderId: string, awayId: string) => request<{ ok: true }>('POST', `/care/elders/${elderId}/away/${awayId}/end`, { body: {} }),
}
