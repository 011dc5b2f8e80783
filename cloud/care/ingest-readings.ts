import type { AppDeps } from '../platform/context'
import { inTransaction } from '../platform/tx'
import type { TIngestResult, TMeterReading } from '../../types/care'
import { insertReadings, rebuildHours, recomputeReadings, updateMeterState } from './repository/readings'
import { evaluateRules } from './evaluate-rules'

/**
 * Readings in, from the webhook or the MQTT subscriber, one transaction per batch: only meters
 * under consent are kept (the rest are counted as refused and never written), a reading sent twice
 * is a duplicate, the neighbours' litres and fault flags are recomputed, and the hours they fall in
 * rebuilt. Right after the commit the rules that a reading can trigger by itself (water running,
 * night-time use) are evaluated for these meters, so that alert does not wait for the next tick.
 */
export async function ingestReadings(deps: AppDeps, readings: TMeterReading[]): Promise<TIngestResult> {
  const now = deps.clock.now()
  const outcome = await inTransaction(
    deps.db.kysely,
    async (tx) => {
      const stored = await insertReadings(tx, readings, now)
      const changed = await recomputeReadings(tx, stored.ranges)
      await rebuildHours(tx, changed)
      await updateMeterState(tx, stored.ranges, now)
      return { stored, flagged: changed.flagged }
    },
    { retries: 3 },
  )
  const { stored } = outcome
  if (stored.ranges.length) await evaluateRules(deps, now, { meters: stored.ranges.map((r) => r.meter_id), instantOnly: true })
  return { accepted: stored.inserted, duplicates: stored.allowed - stored.inserted, refused: readings.length - stored.allowed, flagged: outcome.flagged }
}
