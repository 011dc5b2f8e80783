import { ApiError } from './errors'
import { send, type ApiRequest } from './transport'

/**
 * One Idempotency-Key per user action. The action is what is sent (method, path, body): tapping again
 * after the network dropped the answer sends the same action with the same key, so the server answers
 * once and the minutes, points or place count once; anything changed (a reason typed, an end time, a
 * new location) is another action with a new key. Once the server has answered (done or refused),
 * the next tap is a new action too — the server stored that answer under the old key.
 */
const waiting = new Map<string, string>()

export function newIdempotencyKey(): string {
  return `a-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`
}

function actionOf(req: Pick<ApiRequest, 'method' | 'path' | 'body'>): string {
  return `${req.method} ${req.path} ${JSON.stringify(req.body ?? null)}`
}

/** The key this action goes out with: the one of its unanswered earlier try, or a new one. */
export function idempotencyKeyFor(req: Pick<ApiRequest, 'method' | 'path' | 'body'>): string {
  const action = actionOf(req)
  let key = waiting.get(action)
  if (!key) {
    key = newIdempotencyKey()
    waiting.set(action, key)
  }
  return key
}

/**
 * Whether the server gave this action its answer. No answer (network, 5xx) or "the same request is
 * still being processed" (409 with the key: the first try is running) means the action is still
 * open: its retry must carry the same key.
 */
function answered(e: unknown): boolean {
  if (!(e instanceof ApiError) || e.status === 0 || e.status >= 500) return false
  return !(e.status === 409 && e.code === 'CONFLICT' && e.details?.idempotencyKey)
}

/** `send` with the action's Idempotency-Key; the key is kept only while the action has no answer. */
export async function sendIdempotent<T>(req: ApiRequest): Promise<T> {
  const action = actionOf(req)
  const key = idempotencyKeyFor(req)
  try {
    const out = await send<T>({ ...req, headers: { ...req.headers, 'Idempotency-Key': key } })
    waiting.delete(action)
    return out
  } catch (e) {
    if (answered(e)) waiting.delete(action)
    throw e
  }
}
