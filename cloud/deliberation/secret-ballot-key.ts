import { createHash } from 'node:crypto'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { Ctx } from '../platform/http'
import { AppError } from '../platform/errors'
import { answerInsert } from '../platform/idempotency'

const KEY = /^[A-Za-z0-9_.:-]{8,100}$/

/**
 * Idempotency-Key for a SECRET ballot. The platform's idempotent() keeps, per person, a hash of the
 * request body and the answer — for a ballot that would be the choices (a hash of `{"choices":[0]}`
 * is found by trying the few options) and the receipt, i.e. exactly the link between voter and
 * choice that must not exist. Here the stored hash covers only the vote, and the stored answer
 * leaves the receipt out: a replay answers 201 `{receipt: null, replayed: true}` (the first answer
 * carried the receipt; the ballot itself is one per elector by the database either way).
 */
export async function secretBallotOnce(c: Ctx, voteId: string, run: () => Promise<{ receipt: string; replaced: boolean }>): Promise<Response> {
  const key = c.req.header('idempotency-key')
  if (!key) return c.json(await run(), 201)
  if (!KEY.test(key)) throw new AppError('INVALID_INPUT', { fields: { 'Idempotency-Key': '8–100 个字母、数字或 _.:-' } })
  const db = c.var.deps.db.kysely
  const userId = c.var.actor.userId
  const requestHash = createHash('sha256').update(`secret-ballot ${voteId}`).digest('hex')
  const stored = await db.selectFrom('idempotency_keys').select(['request_hash', 'status_code', 'response']).where('user_id', '=', userId).where('key', '=', key).executeTakeFirst()
  if (stored) {
    if (stored.request_hash !== requestHash) throw new AppError('IDEMPOTENCY_KEY_REUSED')
    c.header('Idempotent-Replayed', 'true')
    return c.json(stored.response as object, stored.status_code as ContentfulStatusCode)
  }
  const answer = await run()
  await answerInsert({ userId, key, requestHash, now: c.var.deps.clock.now() }, 201, { receipt: null, replaced: answer.replaced, replayed: true }).execute(db)
  return c.json(answer, 201)
}
