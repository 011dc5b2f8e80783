import type {
  TEarning,
  TEventCode,
  TGoods,
  TLeaderboard,
  TMyPoints,
  TPointsHistoryItem,
  TPointsRule,
  TReconciliation,
  TRedemption,
  TRedemptionWithQr,
} from '../../types/points'
import { ApiError } from './errors'
import { clearToken, getToken } from './session'
import { send, type Method } from './transport'
import type { Page } from './client'

/** A fresh key per user action: a retried tap (weak network) is answered once by the server. */
function idemKey(): string {
  return `pts-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`
}

async function call<T>(method: Method, path: string, opts: { body?: unknown; query?: Record<string, string | number | undefined>; idempotent?: boolean } = {}): Promise<T> {
  const headers: Record<string, string> = {}
  const token = getToken()
  if (token) headers.Authorization = `Bearer ${token}`
  if (opts.idempotent) headers['Idempotency-Key'] = idemKey()
  try {
    return await send<T>({ method, path, query: opts.query, body: opts.body, headers })
  } catch (e) {
    if (e instanceof ApiError && e.status === 401 && token) clearToken()
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
}
