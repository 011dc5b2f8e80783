import type {
  TAdjustment,
  TEarning,
  TEventCode,
  TGoods,
  TLeaderboard,
  TLedgerReport,
  TMyPoints,
  TPointsHistoryItem,
  TPointsResident,
  TPointsRule,
  TReconciliation,
  TRedemption,
  TRedemptionWithQr,
  TSaveGoodsRequest,
  TSaveRuleRequest,
} from '../../types/points'
import { getToken } from './session'
import { onSessionError } from './client'
import { downloadFromApi } from './download'
import { send, type Method } from './transport'
import { sendIdempotent } from './idempotency'
import type { Page } from './client'
import { meStore } from '../stores/session'
import { staffCommunityIdFor } from '../stores/staff-community'

/**
 * Staff pages of a community's points: staff covering several communities send the one they picked
 * (CommunityPicker) as `communityId`; without it the server answers 请先选择所在社区.
 */
function withCommunity(method: Method, path: string, opts: { body?: unknown; query?: Record<string, string | number | undefined> }) {
  const communityId = path.startsWith('/staff/points') ? staffCommunityIdFor(meStore.get().me?.user.id) : undefined
  if (!communityId) return opts
  if (method === 'GET') return { ...opts, query: { ...opts.query, communityId } }
  return { ...opts, body: { ...((opts.body as object | undefined) ?? {}), communityId } }
}

async function call<T>(method: Method, path: string, options: { body?: unknown; query?: Record<string, string | number | undefined>; idempotent?: boolean } = {}): Promise<T> {
  const opts = { ...options, ...withCommunity(method, path, options) }
  const headers: Record<string, string> = {}
  const token = getToken()
  if (token) headers.Authorization = `Bearer ${token}`
  try {
    // one key per user action (./idempotency): a retried tap (weak network) is answered once by the server
    const req = { method, path, query: opts.query, body: opts.body, headers }
    return await (opts.idempotent ? sendIdempotent<T>(req) : send<T>(req))
  } catch (e) {
    onSessionError(e, token)
    throw e
  }
}

export const pointsApi = {
  myPoints: () => call<TMyPoints>('GET', '/me/points'),
  history: (cursor?: string) => call<Page<TPointsHistoryItem>>('GET', '/me/points/history', { query: { cursor, limit: 20 } }),
  myRedemptions: () => call<Page<TRedemption>>('GET', '/me/points/redemptions', { query: { limit: 50 } }),
  rules: () => call<{ items: TPointsRule[] }>('GET', '/points/rules'),
  goods: () => call<{ items: TGoods[] }>('GET', '/points/goods'),
  leaderboard: (month?: string) => call<TLeaderboard>('GET', '/points/leaderboard', { query: { month } }),
  redeem: (goodsId: string) => call<TRedemption>('POST', '/points/redemptions', { body: { goodsId }, idempotent: true }),
  redemption: (id: string) => call<TRedemptionWithQr>('GET', `/points/redemptions/${id}`),
  cancel: (id: string) => call<TRedemption>('POST', `/points/redemptions/${id}/cancel`, { idempotent: true }),
  checkIn: (code: string) => call<TEarning>('POST', '/points/check-ins', { body: { code }, idempotent: true }),
  apply: (ruleId: string, note: string) => call<TEarning>('POST', '/points/applications', { body: { ruleId, note }, idempotent: true }),
  // staff
  catalogue: () => call<{ rules: TPointsRule[]; goods: TGoods[] }>('GET', '/staff/points/catalogue'),
  findByCode: (code: string) => call<TRedemption>('GET', '/staff/points/redemptions', { query: { code } }),
  redeemAtCounter: (id: string, code: string) => call<TRedemption>('POST', `/points/redemptions/${id}/redeem`, { body: { code }, idempotent: true }),
  queue: () => call<Page<TEarning>>('GET', '/staff/points/earnings', { query: { status: 'pending', limit: 50 } }),
  approve: (id: string) => call<TEarning>('POST', `/staff/points/earnings/${id}/approve`, { idempotent: true }),
  reject: (id: string, reason: string) => call<TEarning>('POST', `/staff/points/earnings/${id}/reject`, { body: { reason } }),
  createEvent: (ruleId: string, title: string, validMinutes: number) => call<TEventCode>('POST', '/staff/points/events', { body: { ruleId, title, validMinutes } }),
  reconcile: () => call<TReconciliation>('GET', '/staff/points/reconciliation'),
  saveRule: (id: string | null, body: Omit<TSaveRuleRequest, 'communityId'>) =>
    id ? call<TPointsRule>('PUT', `/staff/points/rules/${id}`, { body }) : call<TPointsRule>('POST', '/staff/points/rules', { body }),
  saveGoods: (id: string | null, body: Omit<TSaveGoodsRequest, 'communityId'>) =>
    id ? call<TGoods>('PUT', `/staff/points/goods/${id}`, { body }) : call<TGoods>('POST', '/staff/points/goods', { body }),
  searchResidents: (q: string) => call<{ items: TPointsResident[] }>('GET', '/staff/points/residents', { query: { q } }),
  adjust: (userId: string, points: number, reason: string) =>
    call<{ journalId: string; points: number }>('POST', '/staff/points/adjustments', { body: { userId, points, reason }, idempotent: true }),
  adjustments: (cursor?: string) => call<Page<TAdjustment>>('GET', '/staff/points/adjustments', { query: { cursor, limit: 20 } }),
  ledger: (month: string) => call<TLedgerReport>('GET', '/staff/points/ledger', { query: { month } }),
}

/**
 * 积分台账下载: H5 fetches the workbook with the session and saves it through a link; the
 * mini-program downloads it and opens it in WeChat's document viewer (to forward or print).
 */
export async function downloadLedgerXlsx(month: string, fileName: string): Promise<void> {
  const communityId = staffCommunityIdFor(meStore.get().me?.user.id)
  await downloadFromApi(`/api/v1/staff/points/ledger.xlsx?month=${encodeURIComponent(month)}${communityId ? `&communityId=${communityId}` : ''}`, fileName, { failText: '台账下载失败，请稍后再试' })
}
