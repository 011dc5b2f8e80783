import { createHash } from 'node:crypto'
import { sql } from 'kysely'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { Ctx } from './http'
import { AppError } from './errors'

const KEY = /^[A-Za-z0-9_.:-]{8,100}$/
// a request that died half-way leaves its placeholder; after this long the key may be used again
const ABANDONED_AFTER_MS = 60_000

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
  if (!KEY.test(key)) throw new AppError('INVALID_INPUT', { fields: { 'Idempotency-Key': '8–100 个字母、数字或 _.:-' } })
  const { db, clock } = { db: c.var.deps.db.kysely, clock: c.var.deps.clock }
  const userId = c.var.actor.userId
  const hash = createHash('sha256').update(`${c.req.method} ${c.req.path}\n${await c.req.text()}`).digest('hex')
  const now = clock.now()
  const claimed = await sql<{ key: string }>`
    INSERT INTO idempotency_keys (user_id, key, request_hash, status_code, response, created_at)
    VALUES (${userId}, ${key}, ${hash}, 0, 'null', ${now})
    ON CONFLICT (user_id, key) DO UPDATE SET request_hash = EXCLUDED.request_hash, created_at = EXCLUDED.created_at
      WHERE idempotency_keys.status_code = 0 AND idempotency_keys.created_at < ${new Date(now.getTime() - ABANDONED_AFTER_MS)}
    RETURNING key`.execute(db)
  if (claimed.rows.length === 0) {
    const stored = await db.selectFrom('idempotency_keys').selectAll().where('user_id', '=', userId).where('key', '=', key).executeTakeFirstOrThrow()
    if (stored.request_hash !== hash) throw new AppError('IDEMPOTENCY_KEY_REUSED')
    if (stored.status_code === 0) throw new AppError('CONFLICT', { idempotencyKey: key }, '同一个请求正在处理中，请稍候')
    c.header('Idempotent-Replayed', 'true')
    return c.json(stored.response as object, stored.status_code as ContentfulStatusCode)
  }
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
