import { defaultRateLimits, hitRateLimits } from '../../cloud/platform/rate-limit'
import { drive, p, openBenchDb, type Emit } from './lib'

/**
 * The limiter every SMS send, report, upload and Open311 post goes through (one transaction, one
 * upsert per rule): checks per second on the database, for (1) an SMS send's four windows (three per
 * phone, one per address) on distinct phones, (2) one rule per distinct user, (3) one hot phone that
 * everyone hits at once (the refused path: rollback, then the read for retryAfter).
 */
export default async function (emit: Emit, { databaseUrl }: { databaseUrl?: string | null }): Promise<void> {
  const CLIENTS = 32
  const bench = await openBenchDb(databaseUrl, 'ratelimit', { poolSize: CLIENTS, seededAt: new Date('2026-11-20T02:00:00Z') })
  const kind = databaseUrl ? 'pg' : 'pglite'
  const N = databaseUrl ? 6000 : 1500
  try {
    const db = bench.db.kysely
    const limits = defaultRateLimits()
    const now = new Date('2026-11-27T04:00:00Z')
    const allowedOrRefused = (run: () => Promise<void>) => async () => {
      try {
        await run()
      } catch (error) {
        if ((error as { code?: string }).code !== 'RATE_LIMITED') throw error
      }
    }

    const sms = await drive(
      Array.from(
        { length: N },
        (_, i) => () =>
          hitRateLimits(
            db,
            limits,
            [
              { name: 'smsPhone', subject: `139${String(i).padStart(8, '0')}` },
              { name: 'smsAddress', subject: `10.0.${i % 250}.${i % 7}` },
            ],
            now,
          ),
      ),
      CLIENTS,
    )
    emit({ figure: 'rate_limit_sms_send_checks', db: kind, windows: 4, clients: CLIENTS, perSecond: sms.perSecond, p95Ms: p(sms.times, 0.95), failed: sms.failed })

    const one = await drive(
      Array.from({ length: N }, (_, i) => () => hitRateLimits(db, limits, [{ name: 'uploads', subject: `user-${i}` }], now)),
      CLIENTS,
    )
    emit({ figure: 'rate_limit_single_window_checks', db: kind, windows: 1, clients: CLIENTS, perSecond: one.perSecond, p95Ms: p(one.times, 0.95), failed: one.failed })

    const hot = await drive(
      Array.from({ length: N }, () => allowedOrRefused(() => hitRateLimits(db, limits, [{ name: 'smsPhone', subject: '13900000000' }], now))),
      CLIENTS,
    )
    emit({ figure: 'rate_limit_hot_key_checks', db: kind, windows: 3, clients: CLIENTS, perSecond: hot.perSecond, p95Ms: p(hot.times, 0.95), failed: hot.failed })
  } finally {
    await bench.close()
  }
}
