import { createHmac, timingSafeEqual } from 'node:crypto'
import type { AppDeps } from '../platform/context'
import { AppError } from '../platform/errors'
import { parseValue } from '../platform/http'
import { ZReadingBatchSchema, type TIngestResult } from '../../types/care'
import { ingestReadings } from './ingest-readings'

/** A vendor's clock may differ a little; a request older or newer than this is a replay. */
export const WEBHOOK_WINDOW_SECONDS = 5 * 60

/** hex HMAC-SHA256 of `${timestamp}.${rawBody}` — what the vendor signs and we check. */
export function signWebhook(secret: string, timestamp: string, rawBody: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')
}

/**
 * The vendor platform's push: checked before anything is read (secret configured → 503 otherwise;
 * timestamp within ±5 minutes and the signature over timestamp and the exact bytes → 401 otherwise;
 * compared in constant time), then the batch is parsed whole (400 if any reading is malformed:
 * nothing of it is stored) and ingested.
 */
export async function receiveWebhook(deps: AppDeps, headers: { timestamp?: string; signature?: string }, rawBody: string): Promise<TIngestResult> {
  const secret = deps.config.iot?.webhookSecret
  if (!secret) throw new AppError('IOT_NOT_CONFIGURED')
  const ts = headers.timestamp ?? ''
  const seconds = /^\d{1,12}$/.test(ts) ? Number(ts) : NaN
  const nowSeconds = deps.clock.now().getTime() / 1000
  if (!Number.isFinite(seconds) || Math.abs(nowSeconds - seconds) > WEBHOOK_WINDOW_SECONDS) throw new AppError('IOT_SIGNATURE_INVALID', { reason: 'timestamp' })
  const given = Buffer.from(headers.signature ?? '', 'hex')
  const expected = Buffer.from(signWebhook(secret, ts, rawBody), 'hex')
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new AppError('IOT_SIGNATURE_INVALID', { reason: 'signature' })
  let body: unknown
  try {
    body = JSON.parse(rawBody)
  } catch {
    throw new AppError('MALFORMED_JSON')
  }
  const batch = parseValue(ZReadingBatchSchema, body)
  return ingestReadings(deps, batch.readings)
}
