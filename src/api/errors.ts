/** Every failed call becomes one of these; `message` is Chinese and safe to show as is. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

/** No answer came (offline, timeout, DNS): the user may try again; `text` names what failed. */
export function networkError(text = '网络连接失败，请检查网络后重试'): ApiError {
  return new ApiError(0, 'NETWORK', text)
}

export function toApiError(status: number, body: unknown): ApiError {
  const err = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error
  if (err && typeof err.code === 'string') {
    return new ApiError(status, err.code, typeof err.message === 'string' ? err.message : '请求失败，请稍后再试', (err.details as Record<string, unknown> | undefined) ?? undefined)
  }
  return new ApiError(status, status >= 500 ? 'INTERNAL' : 'HTTP_' + status, status >= 500 ? '服务器开小差了，请稍后再试' : '请求失败，请稍后再试')
}

export function messageOf(e: unknown): string {
  if (e instanceof ApiError) return e.message
  return '出了点问题，请稍后再试'
}
