import Taro from '@tarojs/taro'
import { networkError, toApiError } from './errors'

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'
export interface ApiRequest {
  method: Method
  /** Path under /api/v1, e.g. '/me'. */
  path: string
  query?: Record<string, string | number | undefined>
  body?: unknown
  headers: Record<string, string>
}
export interface ApiResponse {
  statusCode: number
  body: unknown
}
export type Transport = (req: ApiRequest) => Promise<ApiResponse>

function queryString(query: ApiRequest['query']): string {
  if (!query) return ''
  const parts = Object.entries(query)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
  return parts.length ? `?${parts.join('&')}` : ''
}

export const httpTransport: Transport = async (req) => {
  try {
    const res = await Taro.request({
      url: `${API_BASE}/api/v1${req.path}${queryString(req.query)}`,
      method: req.method as 'GET',
      data: req.body === undefined ? undefined : (req.body as Record<string, unknown>),
      header: { 'Content-Type': 'application/json', ...req.headers },
      dataType: 'json',
    })
    let body: unknown = res.data
    if (typeof body === 'string' && body) {
      try {
        body = JSON.parse(body)
      } catch {
        // not JSON: leave as text, the caller maps it to a generic error
      }
    }
    return { statusCode: res.statusCode, body }
  } catch {
    throw networkError()
  }
}

/** wx.cloud.callFunction('api'): the cloud entry adapts the event to the same Hono app. */
export const cloudTransport: Transport = async (req) => {
  if (!wx?.cloud) throw networkError()
  try {
    const { result } = await wx.cloud.callFunction({
      name: 'api',
      data: { method: req.method, path: `/api/v1${req.path}`, query: req.query ?? {}, body: req.body, headers: req.headers },
    })
    const r = result as { statusCode: number; body: unknown }
    let body = r.body
    if (typeof body === 'string' && body) {
      try {
        body = JSON.parse(body)
      } catch {
        // keep text
      }
    }
    return { statusCode: r.statusCode, body }
  } catch {
    throw networkError()
  }
}

export function viaCloud(): boolean {
  return process.env.TARO_ENV === 'weapp' && Boolean(CLOUD_ENV) && typeof wx !== 'undefined' && Boolean(wx?.cloud)
}

export function initCloud(): void {
  if (viaCloud()) wx!.cloud!.init({ env: CLOUD_ENV, traceUser: true })
}

export function currentTransport(): Transport {
  return viaCloud() ? cloudTransport : httpTransport
}

/** One call on the wire: a 2xx answer's body, or the ApiError the answer (or its absence) means. */
export async function send<T>(req: ApiRequest): Promise<T> {
  const res = await currentTransport()(req)
  if (res.statusCode >= 200 && res.statusCode < 300) return res.body as T
  throw toApiError(res.statusCode, res.body)
}
