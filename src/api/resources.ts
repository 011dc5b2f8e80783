import type {
  TActivity,
  TActivityCode,
  TBookingPass,
  TBookResult,
  TOrganisation,
  TOrganisationOverview,
  TResource,
  TResourceBooking,
  TResourceKind,
  TResourceUsage,
  TBookingStatus,
} from '../../types/resources'
import type { TServiceRequest } from '@contracts/timebank'
import { request } from './client'
import { downloadFromApi } from './download'

/** 跨社区资源共享 and 社区社会组织 client. A booking carries an Idempotency-Key per tap. */
export const resourcesApi = {
  search: (q: { kind?: TResourceKind; date?: string }) => request<{ items: TResource[] }>('GET', '/resources', { query: q }),
  get: (id: string, date?: string) => request<TResource>('GET', `/resources/${id}`, { query: date ? { date } : undefined }),
  book: (id: string, body: { startsAt: string; endsAt: string; repeatWeeks?: number; quantity?: number; purpose?: string; organisationId?: string }) =>
    request<TBookResult>('POST', `/resources/${id}/bookings`, { body, idempotent: true }),
  mine: () => request<{ items: TResourceBooking[] }>('GET', '/me/resource-bookings'),
  pass: (id: string) => request<TBookingPass>('GET', `/resource-bookings/${id}/pass`),
  cancel: (id: string) => request<TResourceBooking>('POST', `/resource-bookings/${id}/cancel`, { body: {}, idempotent: true }),
}

export const resourcesStaffApi = {
  resources: () => request<{ items: TResource[] }>('GET', '/staff/resources'),
  createResource: (body: {
    kind: TResourceKind
    name: string
    capacity: number
    address: string
    rules: string
    openFrom: string
    openUntil: string
    audience: TResource['audience']
    needsApproval: boolean
  }) => request<TResource>('POST', '/staff/resources', { body }),
  bookings: (q: { status?: TBookingStatus; date?: string | 'today' }) => request<{ items: TResourceBooking[] }>('GET', '/staff/resources/bookings', { query: q }),
  decide: (id: string, decision: 'approve' | 'refuse', note?: string) =>
    request<TResourceBooking>('POST', `/staff/resources/bookings/${id}/decide`, { body: note ? { decision, note } : { decision } }),
  checkIn: (code: string) => request<TResourceBooking>('POST', '/staff/resources/check-ins', { body: { code } }),
  usage: (from: string, to: string) => request<TResourceUsage>('GET', '/staff/resources/usage', { query: { from, to } }),
  organisations: (status?: 'pending' | 'verified' | 'rejected') => request<{ items: TOrganisation[] }>('GET', '/staff/organisations', { query: { status } }),
  decideOrganisation: (id: string, decision: 'verify' | 'reject', note?: string) =>
    request<TOrganisation>('POST', `/staff/organisations/${id}/decide`, { body: note ? { decision, note } : { decision } }),
  overview: (from: string, to: string) => request<TOrganisationOverview>('GET', '/staff/organisations/overview', { query: { from, to } }),
}

export function downloadUsageXlsx(from: string, to: string): Promise<void> {
  return downloadFromApi(`/api/v1/staff/resources/usage.xlsx?from=${from}&to=${to}`, `场地使用-${from}至${to}.xlsx`)
}
export function downloadOverviewXlsx(from: string, to: string): Promise<void> {
  return downloadFromApi(`/api/v1/staff/organisations/overview.xlsx?from=${from}&to=${to}`, `社会组织概览-${from}至${to}.xlsx`)
}

export const organisationsApi = {
  mine: () => request<{ items: TOrganisation[] }>('GET', '/me/organisations'),
  get: (id: string) => request<TOrganisation>('GET', `/organisations/${id}`),
  register: (body: { name: string; kind: TOrganisation['kind']; description: string; memberPhones: string[] }) => request<TOrganisation>('POST', '/organisations', { body }),
  addMember: (id: string, phone: string) => request<TOrganisation>('POST', `/organisations/${id}/members`, { body: { phone } }),
  activities: (id: string) => request<{ items: TActivity[] }>('GET', `/organisations/${id}/activities`),
  teamRequests: (id: string) => request<{ items: TServiceRequest[] }>('GET', `/organisations/${id}/timebank/requests`),
  teamAccept: (id: string, requestId: string, memberIds: string[]) => request<TServiceRequest[]>('POST', `/organisations/${id}/timebank/requests/${requestId}/accept`, { body: { memberIds } }),
  publish: (id: string, body: { title: string; place: string; startsAt: string; endsAt: string; bookingId?: string }) => request<TActivity>('POST', `/organisations/${id}/activities`, { body }),
  code: (activityId: string) => request<TActivityCode>('POST', `/organisations/activities/${activityId}/code`, { body: {} }),
  checkIn: (code: string) => request<TActivity>('POST', '/organisations/check-ins', { body: { code } }),
}
