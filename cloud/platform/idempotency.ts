import { createHash } from 'node:crypto'
import { sql } from 'kysely'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { Ctx } from './http'
import { AppError } from './errors'

const KEY = /^[A-Za-z0-9_.:-]{8,100}$/
// a request that died half-way leaves its placeholder; after this long the key may be used again
export const ABANDONED_AFTER_MS = 60_000

/**
 * Writes that are money-like or capacity-like (points, minutes, bookings) accept an
 * `Idempotency-Key` header: the first request with a key runs and its answer (success or refusal)
 * is stored; a replay with the same body gets that answer again without running; the same key with
 * a different body is 409. Two copies racing: one runs, the other is told it is in progress (409).
 * Without the header the write simply runs.
 */
export async function idempotent(c: Ctx, run: () => Promise<{ status: ContentfulStatusCode; body: unknown }>): Promise<Response> {
  const key = c.req.header('idempotency-key')
  if (!key) {
    const result = await run()
    return c.json(result.body as object, result.status)
  }
  const db = c.var.deps.db.kysely
  const { userId, requestHash: hash, now } = await keyOf(c, key)
  const claimed = await answerInsert({ userId, key, requestHash: hash, now }, 0, null).execute(db)
  if (claimed.rows.length === 0) return replay(c, userId, key, hash)
  let status: ContentfulStatusCode
  let body: unknown
  try {
    ;({ status, body } = await run())
  } catch (error) {
    if (!(error instanceof AppError) || error.status >= 500) {
      // not the user's answer: free the key so a retry can run
      await db.deleteFrom('idempotency_keys').where('user_id', '=', userId).where('key', '=', key).execute()
      throw error
    }
    status = error.status as ContentfulStatusCode
    body = error.toBody()
  }
  await db
    .updateTable('idempotency_keys')
    .set({ status_code: status, response: JSON.stringify(body) })
    .where('user_id', '=', userId)
    .where('key', '=', key)
    .execute()
  return c.json(body as object, status)
}

/** The request's key as stored: per user, with a hash of method, path and body. */
export interface IdempotencyKey {
  userId: string
  key: string
  requestHash: string
  now: Date
}

async function keyOf(c: Ctx, key: string): Promise<IdempotencyKey> {
  if (!KEY.test(key)) throw new AppError('INVALID_INPUT', { fields: { 'Idempotency-Key': '8–100 个字母、数字或 _.:-' } })
  const requestHash = createHash('sha256')
    .update(`${c.req.method} ${c.req.path}\n${await c.req.text()}`)
    .digest('hex')
  return { userId: c.var.actor.userId, key, requestHash, now: c.var.deps.clock.now() }
}

/**
 * The row of a key: a placeholder (status 0) while the request runs, or its final answer. A
 * placeholder left by a request that died is taken over; any other row already there means the
 * key is taken, and the statement returns no row (no error).
 */
export function answerInsert(k: IdempotencyKey, statusCode: number, response: unknown) {
  return sql<{ key: string }>`
    INSERT INTO idempotency_keys (user_id, key, request_hash, status_code, response, created_at)
    VALUES (${k.userId}, ${k.key}, ${k.requestHash}, ${statusCode}, ${JSON.stringify(response)}, ${k.now})
    ON CONFLICT (user_id, key) DO UPDATE SET request_hash = EXCLUDED.request_hash, status_code = EXCLUDED.status_code, response = EXCLUDED.response, created_at = EXCLUDED.created_at
      WHERE idempotency_keys.status_code = 0 AND idempotency_keys.created_at < ${new Date(k.now.getTime() - ABANDONED_AFTER_MS)}
    RETURNING key`
}

async function replay(c: Ctx, userId: string, key: string, hash: string): Promise<Response> {
  const stored = await c.var.deps.db.kysely.selectFrom('idempotency_keys').selectAll().where('user_id', '=', userId).where('key', '=', key).executeTakeFirstOrThrow()
  if (stored.request_hash !== hash) throw new AppError('IDEMPOTENCY_KEY_REUSED')
  if (stored.status_code === 0) throw new AppError('CONFLICT', { idempotencyKey: key }, '同一个请求正在处理中，请稍候')
  c.header('Idempotent-Replayed', 'true')
  return c.json(stored.response as object, stored.status_code as ContentfulStatusCode)
}

/** An answer to store with a use case's own write: the key, and the status its success answers with. */
export interface IdempotentAnswer extends IdempotencyKey {
  statusCode: number
}

/** Thrown by a use case whose write found its key taken (answerInsert returned no row): nothing was written. */
export class IdempotencyKeyTaken extends Error {
  constructor() {
    super('idempotency key taken')
  }
}

/**
 * `idempotent` for a use case that writes its change in ONE statement or transaction: instead of a
 * placeholder before and an answer after (two more commits), the use case writes the success
 * answer with its change (`answerInsert` in the same statement), so the answer is stored exactly
 * when the change is. A refusal is stored afterwards (nothing was changed). If the key turns out to
 * be taken, whatever was stored first is the answer: a replay, IDEMPOTENCY_KEY_REUSED for another
 * body, or 409 while a placeholder of `idempotent` is still running. Two copies racing: the second
 * waits for the first's commit and gets its answer.
 */
export async function idempotentWithWrite(c: Ctx, statusCode: ContentfulStatusCode, run: (answer: IdempotentAnswer | null) => Promise<unknown>): Promise<Response> {
  const key = c.req.header('idempotency-key')
  if (!key) return c.json((await run(null)) as object, statusCode)
  const k = await keyOf(c, key)
  try {
    return c.json((await run({ ...k, statusCode })) as object, statusCode)
  } catch (error) {
    if (error instanceof IdempotencyKeyTaken) return replay(c, k.userId, k.key, k.requestHash)
    // not the user's answer: nothing stored, a retry can run
    if (!(error instanceof AppError) || error.status >= 500) throw error
    const stored = await answerInsert(k, error.status, error.toBody()).execute(c.var.deps.db.kysely)
    if (stored.rows.length === 0) return replay(c, k.userId, k.key, k.requestHash)
    throw error
  }
}
