import type { TCertificate, TMyTimebank, TServiceRequest, TServiceType } from '../../types/timebank'
import { getToken } from './session'
import { send, type Method } from './transport'

/** 时间银行 client. Confirmations, check-outs and gifts carry an Idempotency-Key (a double tap never counts twice). */
function call<T>(method: Method, path: string, body?: unknown, key?: string): Promise<T> {
  const headers: Record<string, string> = {}
  const token = getToken()
  if (token) headers.Authorization = `Bearer ${token}`
  if (key) headers['Idempotency-Key'] = key
  return send<T>({ method, path, body, headers })
}

export function newTimebankKey(): string {
  return `tb-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`
}

type Loc = { lat: number; lng: number }
type List = { items: TServiceRequest[]; nextCursor: string | null }

export const timebankApi = {
  me: () => call<TMyTimebank>('GET', '/me/timebank'),
  mine: (role: 'mine' | 'serving') => call<List>('GET', `/me/timebank/requests?role=${role}`),
  open: () => call<List>('GET', '/timebank/requests'),
  request: (id: string) => call<TServiceRequest>('GET', `/timebank/requests/${id}`),
  create: (body: { elderId?: string; serviceType: TServiceType; startsAt: string; endsAt: string; estimateMinutes: number; notes: string }, key: string) =>
    call<TServiceRequest>('POST', '/timebank/requests', body, key),
  accept: (id: string) => call<TServiceRequest>('POST', `/timebank/requests/${id}/accept`, {}),
  cancel: (id: string, reason: string) => call<TServiceRequest>('POST', `/timebank/requests/${id}/cancel`, { reason }),
  checkIn: (id: string, location: Loc) => call<TServiceRequest>('POST', `/timebank/requests/${id}/check-in`, { location }),
  checkOut: (id: string, location: Loc, key: string) => call<TServiceRequest>('POST', `/timebank/requests/${id}/check-out`, { location }, key),
  confirm: (id: string, rating: number, key: string) => call<TServiceRequest>('POST', `/timebank/requests/${id}/confirm`, { rating }, key),
  dispute: (id: string, reason: string) => call<TServiceRequest>('POST', `/timebank/requests/${id}/dispute`, { reason }),
  gift: (toUserId: string, minutes: number, key: string) => call<{ balanceMinutes: number; toName: string; minutes: number }>('POST', '/timebank/gifts', { toUserId, minutes }, key),
  certificate: () => call<TCertificate>('POST', '/me/timebank/certificates', {}),
}

/** 90 → 「1 小时 30 分钟」 */
export function minutesLabel(m: number): string {
  const h = Math.floor(m / 60)
  const r = m % 60
  return h && r ? `${h} 小时 ${r} 分钟` : h ? `${h} 小时` : `${r} 分钟`
}

export function whenLabel(iso: string): string {
  const d = new Date(new Date(iso).getTime() + 8 * 3_600_000) // Shanghai
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`
}
