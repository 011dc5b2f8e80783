import Taro from '@tarojs/taro'
import { ApiError } from './errors'
import { forgetSession, getToken } from './session'
import { send, type ApiRequest, type Method } from './transport'
import { sendIdempotent } from './idempotency'

/**
 * The one way the app calls the server. `request()` sends the session, turns every failure into an
 * ApiError with a Chinese message (network, refusal, server error — see ./errors and ./transport),
 * handles an ended session once for the whole app, and gives writes that count (points, minutes,
 * places) one Idempotency-Key per user action. The domain modules (accounts, points, timebank …)
 * only list their endpoints on top of it.
 */

export type { Method }
export type Query = Record<string, string | number | undefined>

export interface Page<T> {
  items: T[]
  nextCursor: string | null
}

export interface RequestOptions {
  query?: Query
  body?: unknown
  /** false for public routes (login, consent texts): no session is sent and a 401 is just an answer. */
  auth?: boolean
  headers?: Record<string, string>
  /**
   * true: the action's Idempotency-Key (./idempotency) — the same on a retry after no answer came,
   * a new one for the next action. A page that keeps its own key per form passes `idempotencyKey`.
   */
  idempotent?: boolean
  idempotencyKey?: string
}

/** `Authorization` for the stored session (empty without one); uploads and downloads send it too. */
export function authHeader(token = getToken()): Record<string, string> {
  return token ? { Authorization: `Bearer ${token}` } : {}
}

export async function request<T>(method: Method, path: string, opts: RequestOptions = {}): Promise<T> {
  const auth = opts.auth !== false
  const token = auth ? getToken() : ''
  const headers = { ...opts.headers, ...authHeader(token) }
  if (opts.idempotencyKey) headers['Idempotency-Key'] = opts.idempotencyKey
  const req: ApiRequest = { method, path, query: opts.query, body: opts.body, headers }
  try {
    return await (opts.idempotent && !opts.idempotencyKey ? sendIdempotent<T>(req) : send<T>(req))
  } catch (e) {
    onSessionError(e, token)
    throw e
  }
}

let redirectingToLogin = false

/** To the login page — once, however many calls fail with the ended session at the same moment. */
export function goLogin(): void {
  if (redirectingToLogin || currentRoute().includes('pages/login/index')) return
  redirectingToLogin = true
  void Taro.navigateTo({ url: '/pages/login/index' }).finally(() => {
    redirectingToLogin = false
  })
}

export const PASSWORD_PAGE = '/pages/password/index'
let toPasswordPage = false

/** A one-time password not yet changed: every page that hits it goes to the change-password form. */
function goChangePassword(): void {
  if (toPasswordPage || currentRoute().includes('pages/password/index')) return
  toPasswordPage = true
  void Taro.navigateTo({ url: PASSWORD_PAGE }).finally(() => {
    toPasswordPage = false
  })
}

function currentRoute(): string {
  const pages = Taro.getCurrentPages()
  return pages[pages.length - 1]?.route ?? ''
}

/**
 * What a failed call means for the session (every call, upload and download comes through here).
 * A 401 on a call that carried `token`: the session has ended (expired, logged out elsewhere) —
 * forget it and go to login, but only if it is still the stored one (a call sent with an older token,
 * in flight while a password change handed out a new one, must not end the new session), and never
 * for BAD_CREDENTIALS (a wrong current password is a 401 too, the session is fine).
 */
export function onSessionError(e: unknown, token: string): void {
  if (!(e instanceof ApiError)) return
  if (e.code === 'PASSWORD_CHANGE_REQUIRED') goChangePassword()
  else if (e.status === 401 && e.code !== 'BAD_CREDENTIALS' && forgetSession(token)) goLogin()
}
