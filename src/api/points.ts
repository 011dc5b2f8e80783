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
import { request, type Method, type Page, type RequestOptions } from './client'
import { downloadFromApi } from './download'
import { meStore } from '../stores/session'
import { staffCommunityIdFor } from '../stores/staff-community'

/**
 * `request` for the points routes. Staff pages of a community's points: staff covering several
 * communities send the one they picked (CommunityPicker) as `communityId`; without it the server
 * answers 请先选择所在社区.
 */
function requestInCommunity<T>(method: Method, path: string, opts: RequestOptions = {}): Promise<T> {
  const communityId = path.startsWith('/staff/points') ? staffCommunityIdFor(meStore.get().me?.user.id) : undefined
  if (!communityId) return request<T>(method, path, opts)
  if (method === 'GET') return request<T>(method, path, { ...opts, query: { ...opts.query, communityId } })
  return request<T>(method, path, { ...opts, body: { ...((opts.body as object | undefined) ?? {}), communityId } })
}

export const pointsApi = {
  myPoints: () => requestInCommunity<TMyPoints>('GET', '/me/points'),
  history: (cursor?: string) => requestInCommunity<Page<TPointsHistoryItem>>('GET', '/me/points/history', { query: { cursor, limit: 20 } }),
  myRedemptions: () => requestInCommunity<Page<TRedemption>>('GET', '/me/points/redemptions', { query: { limit: 50 } }),
  rules: () => requestInCommunity<{ items: TPointsRule[] }>('GET', '/points/rules'),
  goods: () => requestInCommunity<{ items: TGoods[] }>('GET', '/points/goods'),
  leaderboard: (month?: string) => requestInCommunity<TLeaderboard>('GET', '/points/leaderboard', { query: { month } }),
  redeem: (goodsId: string) => requestInCommunity<TRedemption>('POST', '/points/redemptions', { body: { goodsId }, idempotent: true }),
  redemption: (id: string) => requestInCommunity<TRedemptionWithQr>('GET', `/points/redemptions/${id}`),
  cancel: (id: string) => requestInCommunity<TRedemption>('POST', `/points/redemptions/${id}/cancel`, { idempotent: true }),
  checkIn: (code: string) => requestInCommunity<TEarning>('POST', '/points/check-ins', { body: { code }, idempotent: true }),
  apply: (ruleId: string, note: string) => requestInCommunity<TEarning>('POST', '/points/applications', { body: { ruleId, note }, idempotent: true }),
  // staff
  catalogue: () => requestInCommunity<{ rules: TPointsRule[]; goods: TGoods[] }>('GET', '/staff/points/catalogue'),
  findByCode: (code: string) => requestInCommunity<TRedemption>('GET', '/staff/points/redemptions', { query: { code } }),
  redeemAtCounter: (id: string, code: string) => requestInCommunity<TRedemption>('POST', `/points/redemptions/${id}/redeem`, { body: { code }, idempotent: true }),
  queue: () => requestInCommunity<Page<TEarning>>('GET', '/staff/points/earnings', { query: { status: 'pending', limit: 50 } }),
  approve: (id: string) => requestInCommunity<TEarning>('POST', `/staff/points/earnings/${id}/approve`, { idempotent: true }),
  reject: (id: string, reason: string) => requestInCommunity<TEarning>('POST', `/staff/points/earnings/${id}/reject`, { body: { reason } }),
  createEvent: (ruleId: string, title: string, validMinutes: number) => requestInCommunity<TEventCode>('POST', '/staff/points/events', { body: { ruleId, title, validMinutes } }),
  reconcile: () => requestInCommunity<TReconciliation>('GET', '/staff/points/reconciliation'),
  saveRule: (id: string | null, body: Omit<TSaveRuleRequest, 'communityId'>) =>
    id ? requestInCommunity<TPointsRule>('PUT', `/staff/points/rules/${id}`, { body }) : requestInCommunity<TPointsRule>('POST', '/staff/points/rules', { body }),
  saveGoods: (id: string | null, body: Omit<TSaveGoodsRequest, 'communityId'>) =>
    id ? requestInCommunity<TGoods>('PUT', `/staff/points/goods/${id}`, { body }) : requestInCommunity<TGoods>('POST', '/staff/points/goods', { body }),
  searchResidents: (q: string) => requestInCommunity<{ items: TPointsResident[] }>('GET', '/staff/points/residents', { query: { q } }),
  adjust: (userId: string, points: number, reason: string) =>
    requestInCommunity<{ journalId: string; points: number }>('POST', '/staff/points/adjustments', { body: { userId, points, reason }, idempotent: true }),
  adjustments: (cursor?: string) => requestInCommunity<Page<TAdjustment>>('GET', '/staff/points/adjustments', { query: { cursor, limit: 20 } }),
  ledger: (month: string) => requestInCommunity<TLedgerReport>('GET', '/staff/points/ledger', { query: { month } }),
}

/**
 * 积分台账下载: H5 fetches the workbook with the session and saves it through a link; the
 * mini-program downloads it and opens it in WeChat's document viewer (to forward or print).
 */
export async function downloadLedgerXlsx(month: string, fileName: string): Promise<void> {
  const communityId = staffCommunityIdFor(meStore.get().me?.user.id)
  await downloadFromApi(`/api/v1/staff/points/ledger.xlsx?month=${encodeURIComponent(month)}${communityId ? `&communityId=${communityId}` : ''}`, fileName, { failText: '台账下载失败，请稍后再试' })
}
