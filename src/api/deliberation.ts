import type { TCreateTopic, TMeeting, TTopic, TTopicDetail, TVote, TVoteResults, TElector } from '@contracts/deliberation'
import { request, type Page } from './client'

/** 议事协商 client: topics, votes (ballots carry an Idempotency-Key per tap), results, meetings, and the staff side. */
export const deliberationApi = {
  topics: (q: { status?: string; category?: string; orgUnitId?: string; cursor?: string } = {}) => request<Page<TTopic>>('GET', '/topics', { query: q }),
  topic: (id: string) => request<TTopicDetail>('GET', `/topics/${id}`),
  propose: (body: TCreateTopic) => request<TTopic>('POST', '/topics', { body }),
  support: (id: string) => request<TTopic>('POST', `/topics/${id}/support`, { body: {} }),
  follow: (id: string, on: boolean) => request<TTopic>(on ? 'POST' : 'DELETE', `/topics/${id}/follow`, on ? { body: {} } : {}),
  votes: (orgUnitId?: string) => request<Page<TVote>>('GET', '/votes', { query: { orgUnitId } }),
  vote: (id: string) => request<TVote>('GET', `/votes/${id}`),
  cast: (id: string, choices: number[], receipt?: string) =>
    request<{ receipt: string | null; replaced: boolean }>('POST', `/votes/${id}/ballots`, { body: receipt ? { choices, receipt } : { choices }, idempotent: true }),
  checkReceipt: (id: string, receipt: string) => request<{ counted: boolean; choices: number[] | null }>('POST', `/votes/${id}/receipt`, { body: { receipt } }),
  results: (id: string) => request<TVoteResults>('GET', `/votes/${id}/results`),
  meetings: (orgUnitId?: string) => request<Page<TMeeting>>('GET', '/meetings', { query: { orgUnitId } }),
  checkIn: (code: string) => request<TMeeting>('POST', '/meetings/checkin', { body: { code } }),
}

export const deliberationStaffApi = {
  answer: (id: string, body: { decision: string; reason: string; departmentId?: string; mergedInto?: string }) => request<TTopicDetail>('POST', `/staff/topics/${id}/answer`, { body }),
  createVote: (body: Record<string, unknown>) => request<TVote>('POST', '/staff/votes', { body }),
  electors: (id: string, q: string) => request<{ items: TElector[] }>('GET', `/staff/votes/${id}/electors`, { query: { q } }),
  paper: (id: string, voterId: string, choices: number[]) =>
    request<{ receipt: string }>('POST', `/staff/votes/${id}/paper-ballots`, { body: { voterId, choices, idChecked: true }, idempotent: true }),
  close: (id: string) => request<TVote>('POST', `/staff/votes/${id}/close`, { body: {} }),
  publish: (id: string) => request<TVoteResults>('POST', `/staff/votes/${id}/publish`, { body: {} }),
  addAction: (topicId: string, title: string) => request<TTopicDetail>('POST', `/staff/topics/${topicId}/actions`, { body: { title } }),
  milestone: (itemId: string, body: { title: string; progress: number; note?: string }) => request<TTopicDetail>('POST', `/staff/actions/${itemId}/milestones`, { body }),
  scheduleMeeting: (body: Record<string, unknown>) => request<TMeeting>('POST', '/staff/meetings', { body }),
  meetingCode: (id: string) => request<{ code: string; path: string; qrDataUrl: string; expiresAt: string }>('POST', `/staff/meetings/${id}/code`, { body: {} }),
  minutes: (id: string, body: { minutes: string; decisions: { topicId: string; decision: string }[] }) => request<TMeeting>('POST', `/staff/meetings/${id}/minutes`, { body }),
}

/** Departments a topic can be referred to (the 随手拍 hand-over list of the caller's street). */
export const departmentsApi = { list: () => request<{ departments: { id: string; name: string }[] }>('GET', '/staff/reports/options') }
