import type { Kdb } from '../db/db'
import { inTransaction } from '../platform/tx'
import { escalateDue, type AlertRef } from './repository/alerts'
import { tellRung } from './tell-rung'

/**
 * The ladder, driven by tick: an alert nobody acknowledged climbs to the community staff after 30
 * minutes and to the 片区 lead after 2 hours. A late tick climbs both rungs in order (each told).
 */
export async function escalateAlerts(db: Kdb, now: Date): Promise<AlertRef[]> {
  const all: AlertRef[] = []
  for (let rung = 0; rung < 2; rung++) {
    const moved = await inTransaction(db, async (tx) => {
      const up = await escalateDue(tx, now)
      await tellRung(tx, now, up, 'escalated')
      return up
    })
    all.push(...moved)
    if (!moved.length) break
  }
  return all
}
